using System.Diagnostics.Metrics;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>The streams' instruments, on one process-wide meter; recorded once per batch, never per item.</summary>
internal sealed class StreamMetrics
{
    private static readonly Lazy<StreamMetrics> SharedInstance = new(static () => new StreamMetrics(new Meter(StreamInstruments.MeterName)));

    private readonly Counter<long> _itemsEnqueued;
    private readonly Counter<long> _itemsDelivered;
    private readonly Counter<long> _deliveriesFailed;
    private readonly UpDownCounter<long> _itemsQueued;
    private readonly Counter<long> _queueCommits;

    private StreamMetrics(Meter meter)
    {
        _itemsEnqueued = meter.CreateCounter<long>(StreamInstruments.ItemsEnqueued, "{item}", "Items streams accepted from producers.");
        _itemsDelivered = meter.CreateCounter<long>(StreamInstruments.ItemsDelivered, "{item}", "Items delivered to subscriptions and acknowledged.");
        _deliveriesFailed = meter.CreateCounter<long>(StreamInstruments.DeliveriesFailed, "{delivery}", "Deliveries that failed and will be retried.");
        _itemsQueued = meter.CreateUpDownCounter<long>(StreamInstruments.ItemsQueued, "{item}", "Items held until every subscriber acknowledged them.");
        _queueCommits = meter.CreateCounter<long>(StreamInstruments.QueueCommits, "{transaction}", "Write transactions of durable stream queues.");
    }

    public static StreamMetrics Shared => SharedInstance.Value;

    public void Enqueued(KeyValuePair<string, object?> provider, int items)
    {
        _itemsEnqueued.Add(items, provider);
        _itemsQueued.Add(items, provider);
    }

    public void Dequeued(KeyValuePair<string, object?> provider, int items) => _itemsQueued.Add(-items, provider);

    public void Delivered(KeyValuePair<string, object?> provider, int items) => _itemsDelivered.Add(items, provider);

    public void DeliveryFailed(KeyValuePair<string, object?> provider) => _deliveriesFailed.Add(1, provider);

    public void Committed(KeyValuePair<string, object?> backend) => _queueCommits.Add(1, backend);
}
