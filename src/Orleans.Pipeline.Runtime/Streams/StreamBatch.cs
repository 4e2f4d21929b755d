namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>A producer's batch on its way to a stream: consecutive items (or one error) of one producer.</summary>
[GenerateSerializer]
internal sealed class StreamBatch
{
    [Id(0)]
    public string ProducerId { get; set; } = "";

    [Id(1)]
    public long FirstSequence { get; set; }

    [Id(2)]
    public int Count { get; set; }

    [Id(3)]
    public StreamEntryKind Kind { get; set; }

    /// <summary>The items, each written as a top-level value, one after another (an error: see <see cref="StreamErrors"/>).</summary>
    [Id(4)]
    public byte[] Payload { get; set; } = [];

    public long LastSequence => FirstSequence + Count - 1;
}
