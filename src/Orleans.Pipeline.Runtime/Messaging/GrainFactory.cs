using System.Collections.Concurrent;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Invocation;
using Orleans.Pipeline.Runtime.Manifest;

namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>
/// The silo's grain factory and call invoker: makes references from generated proxies and sends requests to the
/// activation of their target, stamping each with its deadline.
/// </summary>
internal sealed class GrainFactory(SiloRuntime runtime) : IGrainFactory, IGrainCallInvoker
{
    private readonly ConcurrentDictionary<Type, (string GrainType, Func<GrainId, IGrainCallInvoker, GrainReference> CreateProxy)> _byInterface = new();

    IGrainFactory IGrainCallInvoker.GrainFactory => this;

    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var (grainType, create) = Resolve(typeof(TGrainInterface));
        return (TGrainInterface)(object)create(GrainId.Create(grainType, key), this);
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid key)
        where TGrainInterface : IGrainWithGuidKey
    {
        var (grainType, create) = Resolve(typeof(TGrainInterface));
        return (TGrainInterface)(object)create(GrainId.Create(grainType, key), this);
    }

    public TGrainInterface GetGrain<TGrainInterface>(long key)
        where TGrainInterface : IGrainWithIntegerKey
    {
        var (grainType, create) = Resolve(typeof(TGrainInterface));
        return (TGrainInterface)(object)create(GrainId.Create(grainType, key), this);
    }

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable
    {
        var registration = GrainTypeManifest.GetInterface(typeof(TGrainInterface));
        return (TGrainInterface)(object)registration.CreateProxy(grainId, this);
    }

    public void Send(GrainReference target, Request request)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        request.DeadlineTimestamp = runtime.TimeProvider.GetTimestamp() + runtime.ResponseTimeoutTimestampTicks;
        runtime.Router.Route(target.GrainId, request);
    }

    private (string GrainType, Func<GrainId, IGrainCallInvoker, GrainReference> CreateProxy) Resolve(Type interfaceType)
    {
        if (_byInterface.TryGetValue(interfaceType, out var entry))
        {
            return entry;
        }

        var grainClass = GrainTypeManifest.GetGrainClassFor(interfaceType);
        var proxy = GrainTypeManifest.GetInterface(interfaceType);
        entry = (grainClass.GrainType, proxy.CreateProxy);
        _byInterface[interfaceType] = entry;
        return entry;
    }
}
