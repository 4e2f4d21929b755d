namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// Names of the streams' meter and instruments (System.Diagnostics.Metrics), for <c>dotnet-counters</c>, OpenTelemetry
/// views and tests. Stream instruments are tagged <c>provider</c>. Counters are cumulative; <see cref="ItemsQueued"/>
/// goes up and down.
/// </summary>
public static class StreamInstruments
{
    /// <summary>The meter every stream instrument belongs to.</summary>
    public const string MeterName = "Orleans.Pipeline.Runtime.Streams";

    /// <summary>Items streams accepted from producers (repeats of accepted batches not counted).</summary>
    public const string ItemsEnqueued = "orleans.pipeline.streams.items.enqueued";

    /// <summary>Items delivered to a subscription and acknowledged (once per subscriber; redeliveries counted again).</summary>
    public const string ItemsDelivered = "orleans.pipeline.streams.items.delivered";

    /// <summary>Deliveries that failed and will be retried.</summary>
    public const string DeliveriesFailed = "orleans.pipeline.streams.deliveries.failed";

    /// <summary>Items held by streams until every subscriber acknowledged them.</summary>
    public const string ItemsQueued = "orleans.pipeline.streams.items.queued";

    /// <summary>Write transactions of durable queues (each carries every append and delete queued before it); tagged <c>backend</c>.</summary>
    public const string QueueCommits = "orleans.pipeline.streams.queue.commits";
}
