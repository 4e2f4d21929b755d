namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// One subscription of a grain to a stream. Explicit subscriptions are stored with the stream (in grain storage), so
/// they outlive the activation that made them: items keep reaching the grain, wherever it is activated next, and the
/// new activation attaches an observer with <see cref="ResumeAsync"/>.
/// </summary>
public abstract class StreamSubscriptionHandle<T>
{
    /// <summary>The subscription's id: stable across activations (for an implicit subscription, derived from the grain type).</summary>
    public abstract string SubscriptionId { get; }

    public abstract StreamId StreamId { get; }

    public abstract string ProviderName { get; }

    /// <summary>True for the subscription an <see cref="ImplicitStreamSubscriptionAttribute"/> gives.</summary>
    public abstract bool IsImplicit { get; }

    /// <summary>Attaches <paramref name="observer"/> to this subscription in the calling activation (replacing any other).</summary>
    public abstract Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSubscriptionOptions? options = null);

    /// <summary>Ends an explicit subscription (no more items reach the grain); detaches the observer of an implicit one.</summary>
    public abstract Task UnsubscribeAsync();
}
