using Orleans.Pipeline.Jobs;

namespace Orleans.Pipeline.Grains.Brokers;

/// <summary>A read-only stream over a file on another silo: each read past the current chunk asks the holder's broker for the next one.</summary>
internal sealed class RemoteOutputStream(IBrokerGrain holder, string path) : Stream
{
    public const int ChunkSize = 1 << 20;

    private byte[] _chunk = [];
    private int _position;
    private long _offset;
    private bool _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _offset - _chunk.Length + _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position == _chunk.Length)
        {
            if (_ended)
            {
                return 0;
            }

            _chunk = await holder.ReadOutputAsync(path, _offset, ChunkSize).WaitAsync(cancellationToken);
            _position = 0;
            _offset += _chunk.Length;
            _ended = _chunk.Length < ChunkSize;
            if (_chunk.Length == 0)
            {
                return 0;
            }
        }

        var count = Math.Min(buffer.Length, _chunk.Length - _position);
        _chunk.AsSpan(_position, count).CopyTo(buffer.Span);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
