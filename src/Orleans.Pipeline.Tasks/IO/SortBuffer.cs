namespace Orleans.Pipeline.Tasks.IO;

/// <summary>
/// Lines held for sorting within a memory budget: their bytes packed into reusable chunks, plus one small entry per
/// line carrying its first eight bytes as a big-endian number, so most comparisons never touch the chunks.
/// </summary>
internal sealed class SortBuffer
{
    /// <summary>What one line costs besides its bytes: its entry and its share of the entry array's slack.</summary>
    private const int EntryCost = 32;

    private readonly long _budget;
    private readonly int _chunkSize;
    private readonly List<byte[]> _chunks = [];
    private readonly SortLineComparer _comparer;
    private int _chunkIndex;
    private int _chunkUsed;
    private long _cost;
    private SortLineEntry[] _lines = new SortLineEntry[1024];

    public SortBuffer(long budget)
    {
        _budget = budget;
        _chunkSize = (int)Math.Clamp(budget / 4, 4096, 16 << 20);
        _comparer = new SortLineComparer(_chunks);
    }

    public int Count { get; private set; }

    /// <summary>Adds a copy of <paramref name="line"/>; false when it does not fit in the budget (an empty buffer takes any line).</summary>
    public bool TryAdd(ReadOnlySpan<byte> line)
    {
        var cost = line.Length + EntryCost;
        if (Count > 0 && _cost + cost > _budget)
        {
            return false;
        }

        var target = Allocate(line.Length, out var chunk, out var offset);
        line.CopyTo(target);
        if (Count == _lines.Length)
        {
            Array.Resize(ref _lines, _lines.Length * 2);
        }

        _lines[Count++] = new SortLineEntry(SortLineComparer.Prefix(line), chunk, offset, line.Length);
        _cost += cost;
        return true;
    }

    public void Sort() => Array.Sort(_lines, 0, Count, _comparer);

    /// <summary>The <paramref name="index"/>th line (in sorted order after <see cref="Sort"/>).</summary>
    public ReadOnlySpan<byte> GetLine(int index)
    {
        ref readonly var entry = ref _lines[index];
        return _chunks[entry.Chunk].AsSpan(entry.Offset, entry.Length);
    }

    /// <summary>Forgets every line, keeping the chunks for reuse.</summary>
    public void Clear()
    {
        Count = 0;
        _chunkIndex = 0;
        _chunkUsed = 0;
        _cost = 0;
    }

    private Span<byte> Allocate(int length, out int chunk, out int offset)
    {
        if (_chunkIndex == _chunks.Count)
        {
            _chunks.Add(new byte[Math.Max(_chunkSize, length)]);
        }

        if (_chunks[_chunkIndex].Length - _chunkUsed < length)
        {
            _chunkIndex++;
            _chunkUsed = 0;
            if (_chunkIndex == _chunks.Count || _chunks[_chunkIndex].Length < length)
            {
                _chunks.Insert(_chunkIndex, new byte[Math.Max(_chunkSize, length)]);
            }
        }

        chunk = _chunkIndex;
        offset = _chunkUsed;
        _chunkUsed += length;
        return _chunks[chunk].AsSpan(offset, length);
    }
}
