using System.Buffers;
using System.Collections.Concurrent;
using Orleans.Pipeline.Runtime.Invocation;
using Orleans.Pipeline.Runtime.Manifest;
using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Support;

/// <summary>
/// A minimal stand-in for the runtime, built only on what generated code registers: it activates grains through
/// their <see cref="GrainClassRegistration"/>, makes proxies through their <see cref="GrainInterfaceRegistration"/>,
/// and delivers requests either directly (same objects) or through the wire format (arguments and results
/// serialized, a fresh request made from the method id).
/// </summary>
internal sealed class TestGrainHost(bool throughWire) : IGrainFactory, IGrainCallInvoker
{
    private readonly ConcurrentDictionary<GrainId, object> _activations = new();
    private int _wireCalls;

    public Dictionary<Type, object> Services { get; } = new() { [typeof(TimeProvider)] = TimeProvider.System };

    public IGrainFactory GrainFactory => this;

    /// <summary>Calls that went through serialization.</summary>
    public int WireCalls => _wireCalls;

    public object ActivationOf(GrainId grainId) => _activations[grainId];

    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey => GetGrain<TGrainInterface>(IdFor<TGrainInterface>(key));

    public TGrainInterface GetGrain<TGrainInterface>(Guid key)
        where TGrainInterface : IGrainWithGuidKey => GetGrain<TGrainInterface>(IdFor<TGrainInterface>(key.ToString("D")));

    public TGrainInterface GetGrain<TGrainInterface>(long key)
        where TGrainInterface : IGrainWithIntegerKey =>
        GetGrain<TGrainInterface>(IdFor<TGrainInterface>(key.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable =>
        (TGrainInterface)(object)GrainTypeManifest.GetInterface(typeof(TGrainInterface)).CreateProxy(grainId, this);

    public void Send(GrainReference target, Request request)
    {
        var grain = _activations.GetOrAdd(target.GrainId, Activate);
        if (!throughWire)
        {
            _ = DeliverDirectly(grain, request);
            return;
        }

        Interlocked.Increment(ref _wireCalls);
        var arguments = new ArrayBufferWriter<byte>();
        WriteArguments(request, arguments);
        if (!GrainTypeManifest.TryCreateRequest(request.MethodId, out var remote))
        {
            request.TryFail(new InvalidOperationException($"No request is registered for {request.MethodId}."));
            return;
        }

        ReadArguments(remote, arguments.WrittenMemory, this);
        _ = DeliverThroughWire(grain, request, remote, this);
    }

    private static GrainId IdFor<TGrainInterface>(string key) =>
        GrainId.Create(GrainTypeManifest.GetGrainClassFor(typeof(TGrainInterface)).GrainType, key);

    private object Activate(GrainId grainId)
    {
        if (!GrainTypeManifest.TryGetGrainClass(grainId.Type, out var registration))
        {
            throw new InvalidOperationException($"No grain class has grain type '{grainId.Type}'.");
        }

        return registration.Create(new FakeGrainContext(grainId, this, new FakeServiceProvider(Services)));
    }

    private static async Task DeliverDirectly(object grain, Request request)
    {
        await request.InvokeAsync(grain);
        request.Complete();
    }

    private static async Task DeliverThroughWire(object grain, Request original, Request remote, IGrainFactory factory)
    {
        await remote.InvokeAsync(grain);
        if (remote.Exception is { } exception)
        {
            original.SetException(exception);
        }
        else
        {
            var result = new ArrayBufferWriter<byte>();
            WriteResult(remote, result);
            ReadResult(original, result.WrittenMemory, factory);
        }

        original.Complete();
    }

    private static void WriteArguments(Request request, IBufferWriter<byte> output)
    {
        var writer = new Writer(output);
        request.WriteArguments(ref writer);
    }

    private static void ReadArguments(Request request, ReadOnlyMemory<byte> input, IGrainFactory factory)
    {
        var reader = new Reader(input.Span, factory);
        request.ReadArguments(ref reader);
        Assert.True(reader.IsAtEnd, "arguments were not read to the end");
    }

    private static void WriteResult(Request request, IBufferWriter<byte> output)
    {
        var writer = new Writer(output);
        request.WriteResult(ref writer);
    }

    private static void ReadResult(Request request, ReadOnlyMemory<byte> input, IGrainFactory factory)
    {
        var reader = new Reader(input.Span, factory);
        request.ReadResult(ref reader);
        Assert.True(reader.IsAtEnd, "the result was not read to the end");
    }
}
