namespace Orleans.Pipeline.Tasks.IO;

/// <summary>A line held by a <see cref="SortBuffer"/>: its first eight bytes as a big-endian number, and where its bytes are.</summary>
internal readonly record struct SortLineEntry(ulong Prefix, int Chunk, int Offset, int Length);
