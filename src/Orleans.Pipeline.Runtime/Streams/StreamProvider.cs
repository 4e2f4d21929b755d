using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// A provider as one owner sees it: a grain activation (which can subscribe), a client or a silo's host code (which
/// only produce). Producers are shared per owner, stream and producer id, so every handle an owner gets for a stream
/// sends through one producer, in one order.
/// </summary>
internal sealed class StreamProvider(
    string name,
    StreamProviderOptions options,
    IGrainFactory grainFactory,
    object owner,
    IGrainContext? context,
    StreamProviderRegistry? registry,
    TimeProvider timeProvider,
    ILogger logger) : IStreamProvider
{
    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<(string Provider, StreamId Stream, string? ProducerId), StreamProducer>> s_producers = new();

    public string Name => name;

    public StreamProviderOptions Options => options;

    /// <summary>The subscribing activation; null for clients and host code.</summary>
    public IGrainContext? Context => context;

    public StreamProviderRegistry? Registry => registry;

    public IAsyncStream<T> GetStream<T>(StreamId streamId)
    {
        ValidateStreamId(streamId);
        return new AsyncStream<T>(this, streamId, GetProducer(streamId, null));
    }

    public IAsyncStream<T> GetStream<T>(StreamId streamId, string producerId)
    {
        ValidateStreamId(streamId);
        ArgumentException.ThrowIfNullOrEmpty(producerId);
        return new AsyncStream<T>(this, streamId, GetProducer(streamId, producerId));
    }

    public IStreamQueueGrain StreamGrain(StreamId streamId) =>
        grainFactory.GetGrain<IStreamQueueGrain>(GrainId.Create(StreamQueueGrain.GrainTypeName, StreamQueueKey.Format(name, streamId)));

    private StreamProducer GetProducer(StreamId streamId, string? producerId)
    {
        var producers = s_producers.GetValue(owner, static _ => new());
        return producers.GetOrAdd(
            (name, streamId, producerId),
            static (key, provider) => new StreamProducer(
                provider.GrainFactory,
                key.Provider,
                key.Stream,
                key.ProducerId ?? Guid.NewGuid().ToString("N"),
                named: key.ProducerId is not null,
                provider.Options,
                provider.TimeProvider,
                provider.Logger),
            this);
    }

    private IGrainFactory GrainFactory => grainFactory;

    private TimeProvider TimeProvider => timeProvider;

    private ILogger Logger => logger;

    private static void ValidateStreamId(StreamId streamId)
    {
        if (streamId.Namespace is null)
        {
            throw new ArgumentException("The stream id is empty; make one with StreamId.Create(namespace, key).", nameof(streamId));
        }
    }
}
