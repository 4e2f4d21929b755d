namespace Orleans.Pipeline.Tasks;

/// <summary>The life of an output sink: open for writing, then completed (outputs kept) or discarded (deleted).</summary>
internal enum SinkState
{
    Open,
    Completed,
    Discarded,
}
