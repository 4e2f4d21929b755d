namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>What a stream keeps in grain storage: its explicit subscriptions and what it knows of its producers.</summary>
[GenerateSerializer]
internal sealed class StreamMetadata
{
    [Id(0)]
    public List<StreamSubscriptionRecord> Subscriptions { get; set; } = [];

    /// <summary>Declared with <see cref="IAsyncStream{T}.ExpectProducersAsync"/>; null when not declared.</summary>
    [Id(1)]
    public int? ExpectedProducers { get; set; }

    /// <summary>Producers that have sent to the stream or completed it.</summary>
    [Id(2)]
    public HashSet<string> KnownProducers { get; set; } = new(StringComparer.Ordinal);

    [Id(3)]
    public HashSet<string> CompletedProducers { get; set; } = new(StringComparer.Ordinal);

    public bool IsComplete => ExpectedProducers is { } expected
        ? CompletedProducers.Count >= expected
        : KnownProducers.Count > 0 && KnownProducers.All(CompletedProducers.Contains);
}
