namespace Orleans.Pipeline.Runtime;

/// <summary>
/// Creates grain references. References are cheap: nothing is activated until the first call. The same factory
/// is used inside grains (<see cref="Grain.GrainFactory"/>) and by code outside the cluster.
/// </summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey;

    TGrainInterface GetGrain<TGrainInterface>(Guid key)
        where TGrainInterface : IGrainWithGuidKey;

    TGrainInterface GetGrain<TGrainInterface>(long key)
        where TGrainInterface : IGrainWithIntegerKey;

    /// <summary>A reference to an existing identity, e.g. one read back from storage or the wire.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable;
}
