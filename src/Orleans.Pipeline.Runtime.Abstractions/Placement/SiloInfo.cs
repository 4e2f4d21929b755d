namespace Orleans.Pipeline.Runtime.Placement;

/// <summary>A live silo as placement sees it: its address text, its configured name and its last known activation count.</summary>
public sealed record SiloInfo(string Address, string Name, int Activations);
