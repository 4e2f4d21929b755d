namespace Orleans.Pipeline.Tasks.IO;

/// <summary>
/// What every writer an output sink hands out shares: it belongs to one label, only appends, counts the bytes written
/// through it, and is closed once. Subclasses decide where the bytes go and what closing does.
/// </summary>
internal abstract class AppendOnlyOutputStream(int label) : Stream
{
    private int _closed;

    public int Label { get; } = label;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !IsClosed;

    public override long Length => throw new NotSupportedException("An output writer only appends.");

    /// <summary>Bytes written through this writer. Setting is not supported.</summary>
    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException("An output writer only appends.");
    }

    /// <summary>Bytes written through this writer so far.</summary>
    protected long Written { get; set; }

    protected bool IsClosed => Volatile.Read(ref _closed) != 0;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("An output writer cannot be read.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An output writer only appends.");

    public override void SetLength(long value) => throw new NotSupportedException("An output writer only appends.");

    /// <summary>Marks the writer closed; true for the one caller that closed it.</summary>
    protected bool TryClose() => Interlocked.Exchange(ref _closed, 1) == 0;

    protected void ThrowIfClosed() => ObjectDisposedException.ThrowIf(IsClosed, this);
}
