namespace Orleans.Pipeline.Tasks.IO;

/// <summary>One key of a <see cref="WordCountTable"/>: its hash, where its bytes are in the arena, and its count.</summary>
internal struct WordCountEntry
{
    public uint Hash;
    public int Offset;
    public int Length;
    public long Count;
}
