using Microsoft.Win32.SafeHandles;

namespace Orleans.Pipeline.Tasks.IO;

/// <summary>A read-only, unbuffered stream over a range of a file (positional reads: no shared file offset).</summary>
internal sealed class FileSegmentStream(SafeFileHandle handle, long offset, long length) : Stream
{
    /// <summary>Reads up to this many bytes are made synchronously, even through <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>.</summary>
    public const int SyncReadLimit = 1 << 16;

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

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var count = Clamp(buffer.Length);
        if (count <= SyncReadLimit)
        {
            // A small read is made at once: copying a few pages from the page cache costs less than handing the read
            // to a pool thread, which is what an asynchronous read of a handle opened for synchronous I/O does.
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span[..count]));
        }

        return ReadSlowAsync(buffer[..count], cancellationToken);
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

    private async ValueTask<int> ReadSlowAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await RandomAccess.ReadAsync(handle, buffer, offset + _position, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    private int Clamp(int requested)
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        return (int)Math.Min(requested, Math.Max(0, length - _position));
    }
}
