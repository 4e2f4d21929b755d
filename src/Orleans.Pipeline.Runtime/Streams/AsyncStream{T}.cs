namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>A handle to one stream: produces through the owner's shared producer, subscribes the owner's activation.</summary>
internal sealed class AsyncStream<T>(StreamProvider provider, StreamId streamId, StreamProducer producer) : IAsyncStream<T>
{
    public StreamId StreamId => streamId;

    public string ProviderName => provider.Name;

    public string ProducerId => producer.ProducerId;

    public Task OnNextAsync(T item, StreamSequenceToken? token = null) => producer.OnNextAsync(item, token);

    public Task OnNextBatchAsync(IEnumerable<T> batch, StreamSequenceToken? token = null) => producer.OnNextBatchAsync(batch, token);

    public Task OnCompletedAsync() => producer.OnCompletedAsync();

    public Task OnErrorAsync(Exception error) => producer.OnErrorAsync(error);

    public Task ExpectProducersAsync(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return producer.ExpectProducersAsync(count);
    }

    public async Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSubscriptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var context = RequireGrain("subscribe to");
        if (IsImplicitFor(context))
        {
            var handle = new StreamSubscriptionHandleImpl<T>(provider, streamId, ImplicitSubscriptionTable.SubscriptionIdOf(context.GrainId.Type), isImplicit: true);
            return await handle.ResumeAsync(observer, options).ConfigureAwait(false);
        }

        var subscription = new StreamSubscriptionHandleImpl<T>(provider, streamId, Guid.NewGuid().ToString("N"), isImplicit: false);

        // Attached before the stream knows of it, so a first delivery finds the observer even in a reentrant grain.
        await subscription.ResumeAsync(observer, options).ConfigureAwait(false);
        try
        {
            await producer.RetryAsync(
                static (stream, state) => stream.SubscribeAsync(state.SubscriptionId, state.Consumer),
                (subscription.SubscriptionId, Consumer: context.GrainId)).ConfigureAwait(false);
        }
        catch
        {
            GrainStreamConsumers.For(context).Detach(provider.Name, streamId, subscription.SubscriptionId);
            throw;
        }

        return subscription;
    }

    public async Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles()
    {
        var context = RequireGrain("list the subscriptions of");
        var handles = new List<StreamSubscriptionHandle<T>>();
        if (IsImplicitFor(context))
        {
            handles.Add(new StreamSubscriptionHandleImpl<T>(provider, streamId, ImplicitSubscriptionTable.SubscriptionIdOf(context.GrainId.Type), isImplicit: true));
        }

        List<string> explicitIds = [];
        await producer.RetryAsync(
            async (stream, consumer) => explicitIds = await stream.GetSubscriptionsAsync(consumer).ConfigureAwait(false),
            context.GrainId).ConfigureAwait(false);
        handles.AddRange(explicitIds.Select(id => new StreamSubscriptionHandleImpl<T>(provider, streamId, id, isImplicit: false)));
        return handles;
    }

    public override string ToString() => $"{provider.Name}/{streamId}";

    private bool IsImplicitFor(IGrainContext context) =>
        provider.Registry is { } registry
        && string.Equals(context.GrainId.Key, streamId.Key, StringComparison.Ordinal)
        && registry.Implicit.IsSubscribed(context.GrainId.Type, streamId.Namespace);

    private IGrainContext RequireGrain(string what) =>
        provider.Context ?? throw new StreamException(
            $"Only grains can {what} a stream; stream {provider.Name}/{streamId} was asked from outside one (a client or host code can produce only).");
}
