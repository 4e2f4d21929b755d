namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>A subscription of the provider's activation; resuming attaches an observer in that activation.</summary>
internal sealed class StreamSubscriptionHandleImpl<T>(StreamProvider provider, StreamId streamId, string subscriptionId, bool isImplicit)
    : StreamSubscriptionHandle<T>
{
    public override string SubscriptionId => subscriptionId;

    public override StreamId StreamId => streamId;

    public override string ProviderName => provider.Name;

    public override bool IsImplicit => isImplicit;

    public override Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSubscriptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (options?.Cursor is not null && options.SaveAsync is null)
        {
            throw new ArgumentException("StreamSubscriptionOptions.Cursor needs SaveAsync: the state that holds the cursor must be stored after each batch.", nameof(options));
        }

        var context = provider.Context ?? throw new StreamException(
            $"Only grains can consume stream {provider.Name}/{streamId}; a client or host code can produce only.");
        var registry = provider.Registry ?? throw new StreamException($"Stream provider '{provider.Name}' is not registered on this silo.");
        var entry = registry.Get(provider.Name);
        GrainStreamConsumers.For(context).Attach(new ConsumerSubscription<T>(entry, streamId, subscriptionId, context, observer, options));
        return Task.FromResult<StreamSubscriptionHandle<T>>(this);
    }

    public override async Task UnsubscribeAsync()
    {
        if (provider.Context is { } context)
        {
            GrainStreamConsumers.For(context).Detach(provider.Name, streamId, subscriptionId);
        }

        if (!isImplicit)
        {
            await provider.StreamGrain(streamId).UnsubscribeAsync(subscriptionId).ConfigureAwait(false);
        }
    }

    public override string ToString() => $"{provider.Name}/{streamId}#{subscriptionId}";
}
