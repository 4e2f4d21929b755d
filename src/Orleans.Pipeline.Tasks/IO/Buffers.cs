namespace Orleans.Pipeline.Tasks.IO;

/// <summary>Buffer sizes shared by the readers and writers of task data.</summary>
internal static class Buffers
{
    /// <summary>Chunk size for reading inputs: large enough that a read costs little next to parsing it.</summary>
    public const int ReadChunkSize = 1 << 20;

    /// <summary>Bytes a buffered output collects before it writes them to its stream.</summary>
    public const int WriteChunkSize = 1 << 16;

    /// <summary>Buffer size for stream-to-stream copies.</summary>
    public const int CopyBufferSize = 1 << 20;
}
