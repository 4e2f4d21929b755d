namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// The grain that runs one stream (key: <c>provider/namespace/key</c>): it queues producers' batches, stores them
/// first on a durable provider, delivers them to every subscriber and keeps the stream's subscriptions and completion.
/// </summary>
internal interface IStreamQueueGrain : IGrainWithStringKey
{
    /// <summary>Queues a producer's batch, waiting up to the provider's <c>QueueFullWait</c> for room.</summary>
    Task<EnqueueResult> EnqueueAsync(StreamBatch batch);

    /// <summary>Records that a producer, all of whose batches were accepted, is done.</summary>
    Task CompleteProducerAsync(string producerId);

    Task ExpectProducersAsync(int count);

    Task SubscribeAsync(string subscriptionId, GrainId consumer);

    Task UnsubscribeAsync(string subscriptionId);

    /// <summary>The explicit subscriptions of <paramref name="consumer"/>.</summary>
    Task<List<string>> GetSubscriptionsAsync(GrainId consumer);

    /// <summary>Activates the stream (recovery of a durable queue left by a dead silo); does nothing else.</summary>
    Task WakeAsync();

    Task<StreamQueueStats> GetStatsAsync();
}
