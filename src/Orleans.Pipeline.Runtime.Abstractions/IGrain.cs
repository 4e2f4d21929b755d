namespace Orleans.Pipeline.Runtime;

/// <summary>Marker for grain interfaces. Prefer one of the keyed forms.</summary>
public interface IGrain : IAddressable;
