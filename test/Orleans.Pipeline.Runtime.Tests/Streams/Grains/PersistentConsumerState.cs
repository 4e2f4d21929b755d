using Orleans.Pipeline.Runtime.Streams;

namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

/// <summary>What <see cref="PersistentConsumerGrain"/> consumed, stored together with its stream cursor.</summary>
[GenerateSerializer]
public sealed class PersistentConsumerState
{
    [Id(0)]
    public Dictionary<string, long> LastByProducer { get; set; } = [];

    [Id(1)]
    public long Total { get; set; }

    [Id(2)]
    public List<string> Violations { get; set; } = [];

    [Id(3)]
    public int Completions { get; set; }

    [Id(4)]
    public StreamCursor Cursor { get; set; } = new();

    /// <summary>Items per sending producer grain.</summary>
    [Id(5)]
    public Dictionary<string, long> CountBySender { get; set; } = [];
}
