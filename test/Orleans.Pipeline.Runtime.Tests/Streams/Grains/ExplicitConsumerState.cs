namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

/// <summary>The streams an <see cref="ExplicitConsumerGrain"/> subscribed to, so a new activation knows what to resume.</summary>
[GenerateSerializer]
public sealed class ExplicitConsumerState
{
    /// <summary>(provider, stream key) pairs in namespace <see cref="StreamNames.Explicit"/>.</summary>
    [Id(0)]
    public List<(string Provider, string Key)> Streams { get; set; } = [];
}
