namespace Orleans.Pipeline.Runtime.Placement;

/// <summary>What a placement decision can see: the silo deciding and the live silos with their load.</summary>
public sealed record PlacementContext(SiloInfo LocalSilo, IReadOnlyList<SiloInfo> Silos);
