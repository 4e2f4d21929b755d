using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.ProcessTestGrains;

/// <summary>What <see cref="IWhereGrain.TouchAsync"/> answers.</summary>
/// <param name="Silo">The name of the silo the activation runs on.</param>
/// <param name="SiloAddress">That silo's address (<c>host:port@generation</c>).</param>
/// <param name="Activations">Activations of this grain so far, from its persisted state (this one included).</param>
/// <param name="Calls">Calls served so far, from its persisted state (this one included).</param>
[GenerateSerializer]
public sealed record WhereReport(
    [property: Id(0)] string Silo,
    [property: Id(1)] string SiloAddress,
    [property: Id(2)] int Activations,
    [property: Id(3)] int Calls);
