using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Bench.Cluster;

/// <summary>One measured run of a <see cref="IHopDriverGrain"/>.</summary>
/// <param name="TargetSilo">The address (<c>host:port@generation</c>) of the silo the targets are pinned to.</param>
/// <param name="Targets">How many target grains the calls go round.</param>
/// <param name="Outstanding">How many calls the driver keeps in flight.</param>
/// <param name="Duration">How long the run lasts.</param>
[GenerateSerializer]
public sealed record HopSettings(
    [property: Id(0)] string TargetSilo,
    [property: Id(1)] int Targets,
    [property: Id(2)] int Outstanding,
    [property: Id(3)] TimeSpan Duration);
