namespace Orleans.Pipeline.Tasks.IO;

/// <summary>
/// The stream an output sink hands out for one label: forwards writes to the sink's storage and tells the sink when it
/// is closed, so the sink knows the label has no open writer.
/// </summary>
internal sealed class OutputWriterStream : AppendOnlyOutputStream
{
    private readonly Stream _inner;
    private readonly bool _ownsInner;
    private readonly Action<OutputWriterStream> _onClosed;

    public OutputWriterStream(int label, Stream inner, bool ownsInner, Action<OutputWriterStream> onClosed)
        : base(label)
    {
        _inner = inner;
        _ownsInner = ownsInner;
        _onClosed = onClosed;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfClosed();
        _inner.Write(buffer);
        Written += buffer.Length;
    }

    public override void WriteByte(byte value)
    {
        ThrowIfClosed();
        _inner.WriteByte(value);
        Written++;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Written += buffer.Length;
    }

    public override void Flush()
    {
        if (!IsClosed)
        {
            _inner.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        !IsClosed ? _inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        if (disposing && TryClose())
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
        if (TryClose())
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
}
