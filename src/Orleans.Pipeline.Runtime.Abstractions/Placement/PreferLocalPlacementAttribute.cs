namespace Orleans.Pipeline.Runtime.Placement;

/// <summary>Activate on the silo that made the first call (a client's gateway for calls from clients).</summary>
public sealed class PreferLocalPlacementAttribute : PlacementAttribute;
