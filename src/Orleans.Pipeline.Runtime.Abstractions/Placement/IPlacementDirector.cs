namespace Orleans.Pipeline.Runtime.Placement;

/// <summary>Chooses the silo for a new activation.</summary>
public interface IPlacementDirector
{
    /// <summary>
    /// The silo (one of <see cref="PlacementContext.Silos"/>, by <see cref="SiloInfo.Address"/>) for
    /// <paramref name="grainId"/>; null to fall back to the default placement.
    /// </summary>
    string? Place(GrainId grainId, PlacementContext context);
}
