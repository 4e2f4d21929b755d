namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>A batch from a stream to one subscription of a consumer grain: entries in queue order, then possibly the completion.</summary>
[GenerateSerializer]
internal sealed class StreamDelivery
{
    [Id(0)]
    public string Provider { get; set; } = "";

    [Id(1)]
    public string StreamNamespace { get; set; } = "";

    [Id(2)]
    public string StreamKey { get; set; } = "";

    [Id(3)]
    public string SubscriptionId { get; set; } = "";

    [Id(4)]
    public List<StreamDeliveryEntry> Entries { get; set; } = [];

    /// <summary>Every expected producer completed and every entry before this point was delivered.</summary>
    [Id(5)]
    public bool Completed { get; set; }

    public StreamId StreamId => new(StreamNamespace, StreamKey);
}
