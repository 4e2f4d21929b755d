namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>A stream's answer to a producer's batch.</summary>
[GenerateSerializer]
internal sealed class EnqueueResult
{
    [Id(0)]
    public EnqueueStatus Status { get; set; }

    /// <summary>Whether the provider is durable on the silos, so a producer knows what its acknowledgments mean.</summary>
    [Id(1)]
    public bool Durable { get; set; }
}
