namespace Orleans.Pipeline.Runtime.Placement;

/// <summary>
/// The grain's key names its silo (see <see cref="SiloPinnedKey"/>): it always activates there, needs no directory
/// entry, and calls to it fail at once when that silo is dead. For per-silo services such as a broker.
/// </summary>
public sealed class SiloPinnedPlacementAttribute : PlacementAttribute;
