namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// A handle to the stream <see cref="StreamId"/> of one provider, as a producer (the <see cref="IAsyncObserver{T}"/>
/// methods) and as a place to subscribe. Handles are cheap; the handles one grain activation (or one client) gets for
/// the same stream and producer id share one producer, so items keep their order whichever handle sent them.
/// </summary>
/// <remarks>
/// <para>Producing: <see cref="IAsyncObserver{T}.OnNextAsync"/> and <see cref="OnNextBatchAsync"/> number each item in
/// this producer's sequence and send items in batches, one batch in flight at a time, retrying a batch until the
/// stream accepts it (consumers drop the duplicates a retry can cause). On a durable provider the returned task
/// completes once the item is stored in the cluster database; on a non-durable one, once it is in this producer's
/// buffer. Either way the task is slower to complete when the stream's queue is full: a fast producer is held to
/// its consumers' pace. <see cref="IAsyncObserver{T}.OnCompletedAsync"/> waits until every item sent before it was
/// accepted, then ends this producer; later items fail.</para>
/// <para>Completion: consumers are told the stream is complete when every expected producer has completed; see
/// <see cref="ExpectProducersAsync"/>.</para>
/// </remarks>
public interface IAsyncStream<T> : IAsyncObserver<T>
{
    StreamId StreamId { get; }

    /// <summary>The name of the provider the stream belongs to.</summary>
    string ProviderName { get; }

    /// <summary>
    /// This handle's producer. Default: an id of its own per grain activation (or client) and stream; a fixed one
    /// with <see cref="IStreamProvider.GetStream{T}(StreamId, string)"/>.
    /// </summary>
    string ProducerId { get; }

    /// <summary>Sends several items, numbered in order (from <paramref name="token"/>'s number when given).</summary>
    Task OnNextBatchAsync(IEnumerable<T> batch, StreamSequenceToken? token = null);

    /// <summary>
    /// Declares how many distinct producers the stream has: consumers are told it is complete once that many have
    /// completed. Without a declaration it is complete when every producer that has sent to it has completed, which
    /// is early if a producer starts late. Call it before the producers can all have completed.
    /// </summary>
    Task ExpectProducersAsync(int count);

    /// <summary>
    /// Subscribes the calling grain: items sent from now on reach <paramref name="observer"/>, and reach this grain
    /// after it is deactivated or moved (call <see cref="StreamSubscriptionHandle{T}.ResumeAsync"/> from
    /// <c>OnActivateAsync</c> to attach an observer again). On a stream whose namespace the grain class subscribes to
    /// implicitly and whose key is the grain's key, attaches the observer to that implicit subscription instead.
    /// Only grains can subscribe.
    /// </summary>
    Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSubscriptionOptions? options = null);

    /// <summary>The calling grain's subscriptions to this stream, the implicit one included, without observers attached.</summary>
    Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles();
}
