namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>One queue entry as a consumer receives it.</summary>
[GenerateSerializer]
internal sealed class StreamDeliveryEntry
{
    [Id(0)]
    public string ProducerId { get; set; } = "";

    [Id(1)]
    public long FirstSequence { get; set; }

    [Id(2)]
    public int Count { get; set; }

    [Id(3)]
    public StreamEntryKind Kind { get; set; }

    [Id(4)]
    public byte[] Payload { get; set; } = [];
}
