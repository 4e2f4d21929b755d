namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>An explicit subscription as the stream stores it.</summary>
[GenerateSerializer]
internal sealed class StreamSubscriptionRecord
{
    [Id(0)]
    public string SubscriptionId { get; set; } = "";

    [Id(1)]
    public GrainId Consumer { get; set; }
}
