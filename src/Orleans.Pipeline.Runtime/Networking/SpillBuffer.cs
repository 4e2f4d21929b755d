using System.Buffers;

namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// Holds a message that outgrew its block of pipe memory, in pooled arrays, until its length is known and it can be
/// written behind a frame header of its own. Only messages larger than a block (4 KiB) come here, so the copy it
/// costs is paid by large messages alone. Used by one writer loop at a time; not thread-safe.
/// </summary>
internal sealed class SpillBuffer
{
    // Segments grow with the message (16 KiB up to 1 MiB) so a small spill stays small and a 64 MiB one needs 64 rentals.
    private const int FirstSegmentSize = 16 * 1024;
    private const int MaxSegmentSize = 1024 * 1024;

    private readonly List<ArraySegment<byte>> _filled = [];
    private byte[]? _current;
    private int _position;

    /// <summary>Bytes written since the last <see cref="Reset"/>.</summary>
    public int Length { get; private set; }

    /// <summary>How many segments <see cref="GetSegment"/> can return.</summary>
    public int SegmentCount => _filled.Count + (_current is null ? 0 : 1);

    public Memory<byte> GetMemory(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_current is null || _current.Length - _position < needed)
        {
            if (_current is not null)
            {
                _filled.Add(new ArraySegment<byte>(_current, 0, _position));
            }

            var size = Math.Max(needed, Math.Clamp(Length, FirstSegmentSize, MaxSegmentSize));
            _current = ArrayPool<byte>.Shared.Rent(size);
            _position = 0;
        }

        return _current.AsMemory(_position);
    }

    public void Advance(int count)
    {
        if (_current is null || count < 0 || count > _current.Length - _position)
        {
            throw new InvalidOperationException($"Advance({count}) goes past the memory returned by GetMemory.");
        }

        _position += count;
        Length += count;
    }

    public void Write(ReadOnlySpan<byte> source)
    {
        if (source.IsEmpty)
        {
            return;
        }

        source.CopyTo(GetMemory(source.Length).Span);
        Advance(source.Length);
    }

    public ReadOnlyMemory<byte> GetSegment(int index) =>
        index < _filled.Count ? _filled[index].AsMemory() : _current.AsMemory(0, _position);

    /// <summary>Returns every array to the pool, so a large message does not pin its memory to the connection.</summary>
    public void Reset()
    {
        foreach (var segment in _filled)
        {
            ArrayPool<byte>.Shared.Return(segment.Array!);
        }

        _filled.Clear();
        if (_current is not null)
        {
            ArrayPool<byte>.Shared.Return(_current);
            _current = null;
        }

        _position = 0;
        Length = 0;
    }
}
