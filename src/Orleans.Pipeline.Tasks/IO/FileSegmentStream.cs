using Microsoft.Win32.SafeHandles;

namespace Orleans.Pipeline.Tasks.IO;

/// <summary>A read-only, unbuffered stream over a range of a file (positional reads: no shared file offset).</summary>
internal sealed class FileSegmentStream(SafeFileHandle handle, long offset, long length) : Stream
{
    private long _position;

    public override bool CanRead => !handle.IsClosed;

    public override bool CanSeek => !handle.IsClosed;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = Clamp(buffer.Length);
        if (count == 0)
        {
            return 0;
        }

        var read = RandomAccess.Read(handle, buffer[..count], offset + _position);
        _position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var count = Clamp(buffer.Length);
        if (count == 0)
        {
            return 0;
        }

        var read = await RandomAccess.ReadAsync(handle, buffer[..count], offset + _position, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("An input is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("An input is read-only.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            handle.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Clamp(int requested)
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        return (int)Math.Min(requested, Math.Max(0, length - _position));
    }
}
