namespace Orleans.Pipeline.Tasks.IO;

/// <summary>
/// The 32-bit FNV-1a hash: stable across processes, machines and runs (unlike <see cref="string.GetHashCode()"/>), so
/// the same word always lands in the same partition. External programs can reproduce it in a few lines.
/// </summary>
internal static class Fnv1a
{
    public const uint OffsetBasis = 2166136261;
    public const uint Prime = 16777619;

    public static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = OffsetBasis;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}
