using System.Buffers;
using System.Buffers.Text;

namespace Orleans.Pipeline.Tasks.IO;

/// <summary>
/// Collects small writes in a pooled buffer and writes them to a stream in chunks. Writes never block: a record that
/// does not fit grows the buffer; the caller awaits <see cref="FlushIfFullAsync"/> between records, which keeps memory
/// near <see cref="Buffers.WriteChunkSize"/>.
/// </summary>
internal sealed class BufferedOutput : IAsyncDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _count;

    public BufferedOutput(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(Buffers.WriteChunkSize * 2);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_count));
        _count += bytes.Length;
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_count++] = value;
    }

    public void WriteInt64(long value)
    {
        Ensure(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_count), out var written);
        _count += written;
    }

    /// <summary>Writes the buffer to the stream when it holds at least a chunk.</summary>
    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken) =>
        _count >= Buffers.WriteChunkSize ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_count > 0)
        {
            await _stream.WriteAsync(_buffer.AsMemory(0, _count), cancellationToken).ConfigureAwait(false);
            _count = 0;
        }
    }

    /// <summary>Writes what is left and returns the buffer; does not dispose the stream.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        try
        {
            await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Ensure(int size)
    {
        if (_buffer.Length - _count >= size)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _count + size));
        _buffer.AsSpan(0, _count).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
