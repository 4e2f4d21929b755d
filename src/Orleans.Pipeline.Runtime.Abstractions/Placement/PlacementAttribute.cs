namespace Orleans.Pipeline.Runtime.Placement;

/// <summary>Base of the attributes that choose where a grain class's activations are placed. Default (no attribute): the less loaded of two random silos.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public abstract class PlacementAttribute : Attribute;
