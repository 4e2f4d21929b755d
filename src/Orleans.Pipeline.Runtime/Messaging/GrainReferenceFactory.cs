using System.Collections.Concurrent;
using Orleans.Pipeline.Runtime.Manifest;

namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>
/// Makes grain references for one invoker (a silo's or a client's): finds the grain type behind an interface once,
/// then builds the generated proxy. Shared by <see cref="GrainFactory"/> and <see cref="Client.ClusterClient"/>.
/// </summary>
internal sealed class GrainReferenceFactory(IGrainCallInvoker invoker, Func<Type, string> grainTypeOf)
{
    private readonly ConcurrentDictionary<Type, (string GrainType, Func<GrainId, IGrainCallInvoker, GrainReference> CreateProxy)> _byInterface = new();

    public TGrainInterface Get<TGrainInterface>(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var (grainType, create) = Resolve(typeof(TGrainInterface));
        return (TGrainInterface)(object)create(GrainId.Create(grainType, key), invoker);
    }

    public TGrainInterface Get<TGrainInterface>(Guid key)
    {
        var (grainType, create) = Resolve(typeof(TGrainInterface));
        return (TGrainInterface)(object)create(GrainId.Create(grainType, key), invoker);
    }

    public TGrainInterface Get<TGrainInterface>(long key)
    {
        var (grainType, create) = Resolve(typeof(TGrainInterface));
        return (TGrainInterface)(object)create(GrainId.Create(grainType, key), invoker);
    }

    public TGrainInterface Get<TGrainInterface>(GrainId grainId) =>
        (TGrainInterface)(object)GrainTypeManifest.GetInterface(typeof(TGrainInterface)).CreateProxy(grainId, invoker);

    private (string GrainType, Func<GrainId, IGrainCallInvoker, GrainReference> CreateProxy) Resolve(Type interfaceType)
    {
        if (_byInterface.TryGetValue(interfaceType, out var entry))
        {
            return entry;
        }

        entry = (grainTypeOf(interfaceType), GrainTypeManifest.GetInterface(interfaceType).CreateProxy);
        _byInterface[interfaceType] = entry;
        return entry;
    }
}
