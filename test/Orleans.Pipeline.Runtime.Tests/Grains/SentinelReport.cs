namespace Orleans.Pipeline.Runtime.Tests.Grains;

[GenerateSerializer]
public sealed record SentinelReport([property: Id(0)] string Silo, [property: Id(1)] int Activations, [property: Id(2)] int Calls);
