namespace Orleans.Pipeline.Runtime.Placement;

/// <summary>
/// Places the grain class's activations with a custom <see cref="IPlacementDirector"/>, created once per silo from its
/// services (constructor injection). The scheduler uses this to run tasks where their data is.
/// </summary>
public sealed class PlacementDirectorAttribute(Type directorType) : PlacementAttribute
{
    public Type DirectorType { get; } = directorType;
}
