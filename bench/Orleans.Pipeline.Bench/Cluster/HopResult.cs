using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Bench.Cluster;

/// <summary>What one driver measured: completed calls and their latency, each from issue to answer, inside the silo.</summary>
[GenerateSerializer]
public sealed record HopResult(
    [property: Id(0)] long Calls,
    [property: Id(1)] double Seconds,
    [property: Id(2)] double P50Microseconds,
    [property: Id(3)] double P99Microseconds,
    [property: Id(4)] double MaxMicroseconds);
