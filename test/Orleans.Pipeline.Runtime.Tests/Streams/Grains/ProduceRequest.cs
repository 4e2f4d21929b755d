namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

/// <summary>What a <see cref="IStreamProducerGrain"/> sends: items numbered 1.. to each stream key, round-robin.</summary>
[GenerateSerializer]
public sealed record ProduceRequest
{
    [Id(0)]
    public string Provider { get; set; } = StreamNames.Memory;

    [Id(1)]
    public string Namespace { get; set; } = "";

    [Id(2)]
    public List<string> Keys { get; set; } = [];

    /// <summary>Items numbered <see cref="FirstNumber"/>.. up to this many per key.</summary>
    [Id(3)]
    public int ItemsPerKey { get; set; }

    /// <summary>0: one OnNextAsync per item, awaited; otherwise OnNextBatchAsync with this many items (to every key at once).</summary>
    [Id(4)]
    public int BatchSize { get; set; }

    [Id(5)]
    public bool Complete { get; set; }

    /// <summary>Declared on every stream before sending when positive.</summary>
    [Id(6)]
    public int ExpectProducers { get; set; }

    /// <summary>Produce as this fixed producer id, numbering items with tokens; null: the activation's own producer.</summary>
    [Id(7)]
    public string? ProducerId { get; set; }

    [Id(8)]
    public long FirstNumber { get; set; } = 1;

    [Id(9)]
    public int BallastBytes { get; set; }
}
