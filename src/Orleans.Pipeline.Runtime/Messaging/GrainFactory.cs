using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Invocation;
using Orleans.Pipeline.Runtime.Manifest;

namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>
/// The silo's grain factory and call invoker: makes references from generated proxies and routes requests to the
/// activation of their target, stamping each with its deadline.
/// </summary>
internal sealed class GrainFactory : IGrainFactory, IGrainCallInvoker
{
    private readonly SiloRuntime _runtime;
    private readonly GrainReferenceFactory _references;

    public GrainFactory(SiloRuntime runtime)
    {
        _runtime = runtime;
        _references = new GrainReferenceFactory(this, static type => GrainTypeManifest.GetGrainClassFor(type).GrainType);
    }

    IGrainFactory IGrainCallInvoker.GrainFactory => this;

    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey => _references.Get<TGrainInterface>(key);

    public TGrainInterface GetGrain<TGrainInterface>(Guid key)
        where TGrainInterface : IGrainWithGuidKey => _references.Get<TGrainInterface>(key);

    public TGrainInterface GetGrain<TGrainInterface>(long key)
        where TGrainInterface : IGrainWithIntegerKey => _references.Get<TGrainInterface>(key);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => _references.Get<TGrainInterface>(grainId);

    public void Send(GrainReference target, Request request)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        request.DeadlineTimestamp = _runtime.TimeProvider.GetTimestamp() + _runtime.ResponseTimeoutTimestampTicks;
        _runtime.Router.Route(target.GrainId, request);
    }
}
