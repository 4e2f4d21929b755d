namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// How one stream provider delivers. Every silo of a cluster registers the same providers with the same options;
/// a client producing to a provider uses its own copy of the producer-side settings (defaults unless configured).
/// </summary>
public sealed class StreamProviderOptions
{
    /// <summary>
    /// Whether undelivered items are kept in the cluster database (set by <c>AddSqliteStreams</c> /
    /// <c>AddPostgresStreams</c>; <c>AddStreams</c> makes a non-durable provider). Default: false.
    /// </summary>
    public bool Durable { get; internal set; }

    /// <summary>The most items in one batch, from a producer to a stream and from a stream to a consumer. Default: 256.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// The most items a stream holds before all its subscribers acknowledged them (its queue bound); producers wait
    /// while it is full. Each consumer has at most <see cref="MaxBatchSize"/> items in flight. Default: 4,096.
    /// </summary>
    public int MaxQueuedItems { get; set; } = 4096;

    /// <summary>
    /// The most items a producer buffers before <c>OnNextAsync</c> waits (non-durable providers; a durable provider's
    /// <c>OnNextAsync</c> always waits for its item to be stored). Default: 1,024.
    /// </summary>
    public int ProducerBufferSize { get; set; } = 1024;

    /// <summary>
    /// The grain storage that keeps explicit subscriptions, producer completions and, for durable providers,
    /// consumers' cursors. Default: null (the silo's default grain storage).
    /// </summary>
    public string? StorageName { get; set; }

    /// <summary>
    /// How long a producer keeps retrying a batch its stream cannot take (its silo unreachable, the database down)
    /// before the producer fails. Default: 2 minutes.
    /// </summary>
    public TimeSpan ProducerRetryTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a full stream holds a producer's batch waiting for room before asking it to send again. Default: 5 s.</summary>
    public TimeSpan QueueFullWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest pause between redeliveries to a consumer that keeps failing (pauses double from 50 ms). Default: 2 s.</summary>
    public TimeSpan MaxRedeliveryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Durable providers: how often one silo looks for queues whose stream ran on a silo that died, and restarts
    /// them elsewhere. Default: 5 s.
    /// </summary>
    public TimeSpan RecoveryPeriod { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate(string name)
    {
        if (MaxBatchSize < 1 || MaxQueuedItems < 1 || ProducerBufferSize < 1)
        {
            throw new ArgumentException($"Stream provider '{name}': MaxBatchSize, MaxQueuedItems and ProducerBufferSize must be positive.");
        }

        if (ProducerRetryTimeout <= TimeSpan.Zero || QueueFullWait <= TimeSpan.Zero || MaxRedeliveryDelay <= TimeSpan.Zero || RecoveryPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Stream provider '{name}': ProducerRetryTimeout, QueueFullWait, MaxRedeliveryDelay and RecoveryPeriod must be positive.");
        }
    }

    internal StreamProviderOptions Clone() => (StreamProviderOptions)MemberwiseClone();
}
