using System.Buffers.Binary;

namespace Orleans.Pipeline.Tasks.IO;

/// <summary>Orders lines by their bytes (ordinal on UTF-8, which is code-point order), prefix first.</summary>
internal sealed class SortLineComparer(List<byte[]> chunks) : IComparer<SortLineEntry>
{
    public static ulong Prefix(ReadOnlySpan<byte> line)
    {
        if (line.Length >= 8)
        {
            return BinaryPrimitives.ReadUInt64BigEndian(line);
        }

        var prefix = 0UL;
        for (var i = 0; i < line.Length; i++)
        {
            prefix |= (ulong)line[i] << (56 - (8 * i));
        }

        return prefix;
    }

    public int Compare(SortLineEntry x, SortLineEntry y)
    {
        if (x.Prefix != y.Prefix)
        {
            return x.Prefix < y.Prefix ? -1 : 1;
        }

        var a = chunks[x.Chunk].AsSpan(x.Offset, x.Length);
        var b = chunks[y.Chunk].AsSpan(y.Offset, y.Length);
        return a.Length >= 8 && b.Length >= 8 ? a[8..].SequenceCompareTo(b[8..]) : a.SequenceCompareTo(b);
    }
}
