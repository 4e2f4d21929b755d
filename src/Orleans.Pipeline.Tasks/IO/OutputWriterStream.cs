namespace Orleans.Pipeline.Tasks.IO;

/// <summary>
/// The stream an output sink hands out for one label: forwards writes to the sink's storage and tells the sink when it
/// is closed, so the sink knows the label has no open writer.
/// </summary>
internal sealed class OutputWriterStream : Stream
{
    private readonly Stream _inner;
    private readonly bool _ownsInner;
    private readonly Action<OutputWriterStream> _onClosed;
    private long _written;
    private int _closed;

    public OutputWriterStream(int label, Stream inner, bool ownsInner, Action<OutputWriterStream> onClosed)
    {
        Label = label;
        _inner = inner;
        _ownsInner = ownsInner;
        _onClosed = onClosed;
    }

    public int Label { get; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => Volatile.Read(ref _closed) == 0;

    public override long Length => throw new NotSupportedException("An output writer only appends.");

    /// <summary>Bytes written through this writer. Setting is not supported.</summary>
    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException("An output writer only appends.");
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfClosed();
        _inner.Write(buffer);
        _written += buffer.Length;
    }

    public override void WriteByte(byte value)
    {
        ThrowIfClosed();
        _inner.WriteByte(value);
        _written++;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        _written += buffer.Length;
    }

    public override void Flush()
    {
        if (Volatile.Read(ref _closed) == 0)
        {
            _inner.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _closed) == 0 ? _inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("An output writer cannot be read.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An output writer only appends.");

    public override void SetLength(long value) => throw new NotSupportedException("An output writer only appends.");

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _closed, 1) == 0)
        {
            try
            {
                if (_ownsInner)
                {
                    _inner.Dispose();
                }
                else
                {
                    _inner.Flush();
                }
            }
            finally
            {
                _onClosed(this);
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            try
            {
                if (_ownsInner)
                {
                    await _inner.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    await _inner.FlushAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                _onClosed(this);
            }
        }

        await base.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) != 0, this);
}
