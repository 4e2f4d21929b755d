namespace Orleans.Pipeline.Runtime.Tests.Grains;

[GenerateSerializer]
public sealed record TurnStats(
    [property: Id(0)] int Calls,
    [property: Id(1)] int MaxCallsInside,
    [property: Id(2)] int MaxThreadsInside);
