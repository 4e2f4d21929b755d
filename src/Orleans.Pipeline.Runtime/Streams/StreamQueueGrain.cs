using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Placement;
using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// Runs one stream: a bounded queue of producers' batches, delivered to every subscriber (the grains subscribed
/// implicitly to its namespace, and its explicit subscriptions), one batch in flight per subscriber, each batch
/// retried until acknowledged.
/// </summary>
/// <remarks>
/// <para>
/// Reentrant: enqueues, acknowledgments and subscription changes interleave at awaits, but one piece of this grain's
/// code runs at a time, so the fields need no locks. Invariants: <see cref="_entries"/> holds stored entries in
/// position order; an entry is delivered to a subscriber only once every lower position is stored (no position in
/// <see cref="_storing"/> is below it), so subscribers see positions in increasing order; an entry leaves the queue
/// when every subscriber's next position is past it; <see cref="_queuedItems"/> counts the items of stored and
/// storing entries and producers wait while it is at <see cref="StreamProviderOptions.MaxQueuedItems"/>.
/// </para>
/// <para>
/// Durable providers: an entry is stored in the cluster database before its producer is answered and deleted after
/// every subscriber acknowledged it; the activation claims the queue on activation (reading back what a previous
/// activation left) and its appends are fenced by the claim's epoch. Subscriptions and producer completions are kept in
/// grain storage.
/// </para>
/// </remarks>
[GrainType(GrainTypeName)]
[Reentrant]
[PreferLocalPlacement]
internal sealed partial class StreamQueueGrain(SiloRuntime runtime, StreamProviderRegistry registry, ILogger<StreamQueueGrain> logger) : Grain, IStreamQueueGrain
{
    public const string GrainTypeName = "sys-stream";

    private static readonly TimeSpan KeepAlive = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan FirstRedeliveryDelay = TimeSpan.FromMilliseconds(50);

    private readonly List<QueuedEntry> _entries = [];
    private readonly SortedSet<long> _storing = [];
    private readonly Dictionary<string, Subscriber> _subscribers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastAccepted = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _metadataWrite = new(1, 1);
    private readonly StreamQueueStats _stats = new();
    private StreamProviderEntry _provider = null!;
    private KeyValuePair<string, object?> _providerTag;
    private StreamId _streamId;
    private string _queueKey = "";
    private StreamMetadata _metadata = new();
    private string? _metadataEtag;
    private long _epoch;
    private long _nextPosition = 1;
    private int _queuedItems;
    private TaskCompletionSource? _roomFreed;
    private CancellationToken _lifetime;
    private bool _stopped;

    private TimeProvider Clock => runtime.TimeProvider;

    private StreamProviderOptions Options => _provider.Options;

    private GrainStateKey MetadataKey => new(GrainTypeName, _queueKey, "stream");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lifetime = cancellationToken;
        _queueKey = GetPrimaryKeyString();
        (var providerName, _streamId) = StreamQueueKey.Parse(_queueKey);
        _provider = registry.Get(providerName);
        _providerTag = new("provider", providerName);
        if (_provider.Storage is { } storage && await storage.ReadAsync(MetadataKey, cancellationToken) is { } record)
        {
            _metadata = Serializer.Deserialize<StreamMetadata>(record.Data, GrainFactory);
            _metadataEtag = record.Etag;
        }

        foreach (var grainType in registry.Implicit.GrainTypesFor(_streamId.Namespace))
        {
            AddSubscriber(ImplicitSubscriptionTable.SubscriptionIdOf(grainType), GrainId.Create(grainType, _streamId.Key), next: 0);
        }

        foreach (var subscription in _metadata.Subscriptions)
        {
            AddSubscriber(subscription.SubscriptionId, subscription.Consumer, next: 0);
        }

        if (_provider.Queue is { } queue)
        {
            var claim = await queue.ClaimAsync(_queueKey, registry.LocalOwner, cancellationToken);
            _epoch = claim.Epoch;
            foreach (var row in claim.Rows)
            {
                _entries.Add(new QueuedEntry(row.Position, new StreamDeliveryEntry
                {
                    ProducerId = row.ProducerId,
                    FirstSequence = row.FirstSequence,
                    Count = row.ItemCount,
                    Kind = row.Kind,
                    Payload = row.Payload,
                }));
                _queuedItems += row.ItemCount;
                _nextPosition = row.Position + 1;
            }

            StreamMetrics.Shared.Enqueued(_providerTag, _queuedItems);
            _stats.RecoveredEntries = claim.Rows.Count;
            if (claim.Rows.Count > 0)
            {
                LogRecovered(logger, _queueKey, claim.Rows.Count, _queuedItems);
            }
        }

        Pump();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stopped = true;
        _roomFreed?.TrySetResult();
        if (_provider?.Queue is { } queue)
        {
            try
            {
                // The entries stay in the database; releasing the queue lets recovery start the stream elsewhere.
                await queue.ReleaseAsync(_queueKey, _epoch, cancellationToken);
            }
            catch (Exception error)
            {
                LogReleaseFailed(logger, error, _queueKey);
            }
        }
        else if (_queuedItems > 0)
        {
            LogDroppedOnDeactivation(logger, _queueKey, _queuedItems, reason);
        }

        if (_queuedItems > 0)
        {
            StreamMetrics.Shared.Dequeued(_providerTag, _queuedItems);
        }
    }

    public async Task<EnqueueResult> EnqueueAsync(StreamBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count < 1 || string.IsNullOrEmpty(batch.ProducerId))
        {
            throw new ArgumentException($"A batch for stream {Describe()} needs a producer id and at least one item.", nameof(batch));
        }

        ThrowIfRefused(batch.ProducerId);
        if (IsRepeat(batch))
        {
            return Accepted();
        }

        if (!HasRoomFor(batch.Count))
        {
            _stats.FullWaits++;
            var deadline = Clock.GetTimestamp() + (long)(Options.QueueFullWait.TotalSeconds * Clock.TimestampFrequency);
            while (!HasRoomFor(batch.Count))
            {
                var remaining = Clock.GetElapsedTime(Clock.GetTimestamp(), deadline);
                if (remaining <= TimeSpan.Zero || _stopped)
                {
                    return new EnqueueResult { Status = EnqueueStatus.Full, Durable = Options.Durable };
                }

                var room = (_roomFreed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                try
                {
                    await room.WaitAsync(remaining, Clock);
                }
                catch (TimeoutException)
                {
                    return new EnqueueResult { Status = EnqueueStatus.Full, Durable = Options.Durable };
                }
            }

            // Others ran while this batch waited: a retry of it may have been queued meanwhile.
            ThrowIfRefused(batch.ProducerId);
            if (IsRepeat(batch))
            {
                return Accepted();
            }
        }

        if (_metadata.KnownProducers.Add(batch.ProducerId))
        {
            try
            {
                await SaveMetadataAsync();
            }
            catch
            {
                // Not stored, so not known: the producer's retry tries again.
                _metadata.KnownProducers.Remove(batch.ProducerId);
                throw;
            }
        }

        var entry = new QueuedEntry(_nextPosition++, new StreamDeliveryEntry
        {
            ProducerId = batch.ProducerId,
            FirstSequence = batch.FirstSequence,
            Count = batch.Count,
            Kind = batch.Kind,
            Payload = batch.Payload,
        });
        _queuedItems += batch.Count;
        if (_provider.Queue is { } queue)
        {
            _storing.Add(entry.Position);
            try
            {
                StreamQueueRow[] rows = [new(entry.Position, batch.ProducerId, batch.FirstSequence, batch.Count, batch.Kind, batch.Payload)];
                await queue.AppendAsync(_queueKey, _epoch, rows);
            }
            catch (Exception error)
            {
                _storing.Remove(entry.Position);
                _queuedItems -= batch.Count;
                if (error is StreamQueueFencedException)
                {
                    // A newer activation owns the queue: this one must stop serving the stream.
                    LogFenced(logger, _queueKey, _epoch);
                    _stopped = true;
                    DeactivateOnIdle();
                }

                FreeRoom();
                Pump();
                throw;
            }

            _storing.Remove(entry.Position);
        }

        InsertInOrder(entry);
        StreamMetrics.Shared.Enqueued(_providerTag, batch.Count);
        _lastAccepted[batch.ProducerId] = Math.Max(_lastAccepted.GetValueOrDefault(batch.ProducerId), batch.LastSequence);
        _stats.PeakQueuedItems = Math.Max(_stats.PeakQueuedItems, _queuedItems);
        Pump();
        return Accepted();
    }

    public async Task CompleteProducerAsync(string producerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(producerId);
        if (_metadata.CompletedProducers.Contains(producerId))
        {
            return;
        }

        _metadata.KnownProducers.Add(producerId);
        _metadata.CompletedProducers.Add(producerId);
        try
        {
            await SaveMetadataAsync();
        }
        catch
        {
            _metadata.CompletedProducers.Remove(producerId);
            throw;
        }

        Pump();
    }

    public async Task ExpectProducersAsync(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var previous = _metadata.ExpectedProducers;
        _metadata.ExpectedProducers = count;
        try
        {
            await SaveMetadataAsync();
        }
        catch
        {
            _metadata.ExpectedProducers = previous;
            throw;
        }

        Pump();
    }

    public async Task SubscribeAsync(string subscriptionId, GrainId consumer)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriptionId);
        if (_provider.Storage is null)
        {
            throw new StreamException(
                $"Stream {Describe()} cannot keep explicit subscriptions: its provider has no grain storage. Register grain storage on the silos (or set StreamProviderOptions.StorageName).");
        }

        if (_metadata.Subscriptions.Any(s => s.SubscriptionId == subscriptionId))
        {
            return;
        }

        var record = new StreamSubscriptionRecord { SubscriptionId = subscriptionId, Consumer = consumer };
        _metadata.Subscriptions.Add(record);
        try
        {
            await SaveMetadataAsync();
        }
        catch
        {
            _metadata.Subscriptions.Remove(record);
            throw;
        }

        // Only what is sent from now on; entries still being stored have positions below this one.
        AddSubscriber(subscriptionId, consumer, _nextPosition);
        Pump();
    }

    public async Task UnsubscribeAsync(string subscriptionId)
    {
        var removed = _metadata.Subscriptions.RemoveAll(s => s.SubscriptionId == subscriptionId);
        if (removed == 0)
        {
            return;
        }

        await SaveMetadataAsync();
        _subscribers.Remove(subscriptionId);
        Pump();
    }

    public Task<List<string>> GetSubscriptionsAsync(GrainId consumer) =>
        Task.FromResult(_metadata.Subscriptions.Where(s => s.Consumer == consumer).Select(s => s.SubscriptionId).ToList());

    public Task WakeAsync() => Task.CompletedTask;

    public Task<StreamQueueStats> GetStatsAsync()
    {
        _stats.QueuedItems = _queuedItems;
        _stats.Subscribers = _subscribers.Count;
        _stats.Complete = _metadata.IsComplete;
        _stats.CompletionsDelivered = _subscribers.Values.Count(s => s.CompletionDelivered);
        return Task.FromResult(_stats);
    }

    private EnqueueResult Accepted() => new() { Status = EnqueueStatus.Accepted, Durable = Options.Durable };

    private void ThrowIfRefused(string producerId)
    {
        if (_metadata.CompletedProducers.Contains(producerId))
        {
            throw new StreamException($"Producer '{producerId}' has completed stream {Describe()}; it cannot send more.");
        }

        if (_metadata.IsComplete && !_metadata.KnownProducers.Contains(producerId))
        {
            throw new StreamException($"Stream {Describe()} is complete (every expected producer completed); producer '{producerId}' cannot start sending to it.");
        }
    }

    /// <summary>A batch this stream already took (a producer retrying after an answer was lost).</summary>
    private bool IsRepeat(StreamBatch batch) =>
        _lastAccepted.TryGetValue(batch.ProducerId, out var last) && batch.LastSequence <= last;

    private bool HasRoomFor(int count) => _queuedItems == 0 || _queuedItems + count <= Options.MaxQueuedItems;

    private void InsertInOrder(QueuedEntry entry)
    {
        var index = _entries.Count;
        while (index > 0 && _entries[index - 1].Position > entry.Position)
        {
            index--;
        }

        _entries.Insert(index, entry);
    }

    private void AddSubscriber(string subscriptionId, GrainId consumer, long next) =>
        _subscribers[subscriptionId] = new Subscriber(subscriptionId, consumer, new StreamConsumerReference(consumer, runtime.GrainFactory)) { Next = next };

    /// <summary>Starts a delivery to every idle subscriber that has something to receive, then trims what all have.</summary>
    private void Pump()
    {
        if (_stopped || _lifetime.IsCancellationRequested)
        {
            return;
        }

        var deliverableBelow = _storing.Count > 0 ? _storing.Min : long.MaxValue;
        var complete = _metadata.IsComplete && _storing.Count == 0;
        var busy = false;
        foreach (var subscriber in _subscribers.Values)
        {
            if (subscriber.InFlight)
            {
                busy = true;
                continue;
            }

            var batch = NextBatch(subscriber, deliverableBelow, out var reachesEnd);
            var completes = complete && reachesEnd && !subscriber.CompletionDelivered;
            if (batch.Count > 0 || completes)
            {
                busy = true;
                subscriber.InFlight = true;
                _ = DeliverAsync(subscriber, batch, completes);
            }
        }

        Trim();
        if (busy || _entries.Count > 0)
        {
            DelayDeactivation(KeepAlive);
        }
    }

    /// <summary>The entries <paramref name="subscriber"/> gets next: whole entries from its position, up to the batch size (at least one).</summary>
    private List<QueuedEntry> NextBatch(Subscriber subscriber, long deliverableBelow, out bool reachesEnd)
    {
        var batch = new List<QueuedEntry>();
        var items = 0;
        var index = FirstIndexAtOrAfter(subscriber.Next);
        for (; index < _entries.Count; index++)
        {
            var entry = _entries[index];
            if (entry.Position >= deliverableBelow || (batch.Count > 0 && items + entry.Entry.Count > Options.MaxBatchSize))
            {
                break;
            }

            batch.Add(entry);
            items += entry.Entry.Count;
        }

        reachesEnd = index >= _entries.Count;
        return batch;
    }

    private int FirstIndexAtOrAfter(long position)
    {
        int low = 0, high = _entries.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_entries[middle].Position < position)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private async Task DeliverAsync(Subscriber subscriber, List<QueuedEntry> batch, bool completes)
    {
        var delivery = new StreamDelivery
        {
            Provider = _provider.Name,
            StreamNamespace = _streamId.Namespace,
            StreamKey = _streamId.Key,
            SubscriptionId = subscriber.SubscriptionId,
            Entries = batch.Select(e => e.Entry).ToList(),
            Completed = completes,
        };
        var items = batch.Sum(e => e.Entry.Count);
        _stats.PeakDeliveryItems = Math.Max(_stats.PeakDeliveryItems, items);
        try
        {
            await subscriber.Reference.DeliverAsync(delivery);
            if (batch.Count > 0)
            {
                subscriber.Next = Math.Max(subscriber.Next, batch[^1].Position + 1);
            }

            subscriber.CompletionDelivered |= completes;
            subscriber.Failures = 0;
            _stats.DeliveredBatches++;
            StreamMetrics.Shared.Delivered(_providerTag, items);
        }
        catch (Exception error)
        {
            subscriber.Failures++;
            _stats.FailedDeliveries++;
            StreamMetrics.Shared.DeliveryFailed(_providerTag);
            var delay = TimeSpan.FromTicks(Math.Min(
                FirstRedeliveryDelay.Ticks << Math.Min(subscriber.Failures - 1, 16),
                Options.MaxRedeliveryDelay.Ticks));
            if ((subscriber.Failures & (subscriber.Failures - 1)) == 0)
            {
                LogDeliveryFailed(logger, error, Describe(), subscriber.Consumer, subscriber.Failures, delay);
            }

            try
            {
                await Task.Delay(delay, Clock, _lifetime);
            }
            catch (OperationCanceledException)
            {
                // The activation is going away (or its silo was killed): nothing more to deliver from here.
                _stopped = true;
            }
        }
        finally
        {
            subscriber.InFlight = false;
        }

        Pump();
    }

    /// <summary>Drops the entries every subscriber is past (all of them when there are none), freeing room for producers.</summary>
    private void Trim()
    {
        var lowestNext = long.MaxValue;
        foreach (var subscriber in _subscribers.Values)
        {
            lowestNext = Math.Min(lowestNext, subscriber.Next);
        }

        var count = 0;
        var items = 0;
        while (count < _entries.Count && _entries[count].Position < lowestNext)
        {
            items += _entries[count].Entry.Count;
            count++;
        }

        if (count == 0)
        {
            return;
        }

        _queuedItems -= items;
        StreamMetrics.Shared.Dequeued(_providerTag, items);

        var through = _entries[count - 1].Position;
        _entries.RemoveRange(0, count);
        FreeRoom();
        if (_provider.Queue is not null)
        {
            _ = DeleteThroughAsync(through);
        }
    }

    private void FreeRoom()
    {
        var room = _roomFreed;
        _roomFreed = null;
        room?.TrySetResult();
    }

    private async Task DeleteThroughAsync(long position)
    {
        try
        {
            await _provider.Queue!.DeleteThroughAsync(_queueKey, position);
        }
        catch (Exception error)
        {
            // Harmless: the rows stay until a later delete covers them, and a restart redelivers them to consumers that drop them.
            LogDeleteFailed(logger, error, _queueKey, position);
        }
    }

    /// <summary>Writes the metadata as it is now; writes are serialized, so each starts from the previous one's ETag.</summary>
    private async Task SaveMetadataAsync()
    {
        if (_provider.Storage is not { } storage)
        {
            return;
        }

        await _metadataWrite.WaitAsync();
        try
        {
            _metadataEtag = await storage.WriteAsync(MetadataKey, Serializer.Serialize(_metadata), _metadataEtag);
        }
        catch (InconsistentStateException)
        {
            // Another activation of this stream wrote since this one read: this one is stale.
            _stopped = true;
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            _metadataWrite.Release();
        }
    }

    private string Describe() => $"{_provider.Name}/{_streamId}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Queue} recovered {Entries} stored entries ({Items} items) to deliver.")]
    private static partial void LogRecovered(ILogger logger, string queue, int entries, int items);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of stream {Stream} to {Consumer} failed ({Failures} in a row); retrying in {Delay}.")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string stream, GrainId consumer, int failures, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Queue} lost its durable queue to a newer owner (epoch {Epoch} is stale); this activation stops.")]
    private static partial void LogFenced(ILogger logger, string queue, long epoch);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream {Queue}: deleting delivered entries through position {Position} failed.")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string queue, long position);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Queue}: releasing its durable queue failed; recovery will find it once this silo is gone.")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Non-durable stream {Queue} deactivated ({Reason}) with {Items} undelivered items; they are dropped.")]
    private static partial void LogDroppedOnDeactivation(ILogger logger, string queue, int items, DeactivationReason reason);

    private sealed record QueuedEntry(long Position, StreamDeliveryEntry Entry);

    private sealed class Subscriber(string subscriptionId, GrainId consumer, StreamConsumerReference reference)
    {
        public string SubscriptionId { get; } = subscriptionId;

        public GrainId Consumer { get; } = consumer;

        public StreamConsumerReference Reference { get; } = reference;

        /// <summary>The position of the next entry to deliver.</summary>
        public long Next { get; set; }

        public bool InFlight { get; set; }

        public int Failures { get; set; }

        public bool CompletionDelivered { get; set; }
    }
}
