using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// One subscription attached in one activation: its observer and its cursor. Deliveries run as turns of the
/// activation, so a subscription is used by one turn at a time.
/// </summary>
/// <remarks>
/// The cursor is the de-duplication state. By default it is kept here and, on a durable provider, stored in grain
/// storage (keyed by the consumer grain, the stream and the subscription) after each batch and before the batch is
/// acknowledged; it is read back by the next activation, on whatever silo. A subscription given a cursor in its
/// options leaves storing to the grain (see <see cref="StreamSubscriptionOptions"/>).
/// </remarks>
internal abstract class ConsumerSubscription
{
    private readonly StreamSubscriptionOptions? _options;
    private SemaphoreSlim _turn = new(1, 1);
    private StreamCursor _cursor;
    private bool _loaded;
    private string? _etag;

    protected ConsumerSubscription(StreamProviderEntry provider, StreamId streamId, string subscriptionId, IGrainContext context, StreamSubscriptionOptions? options)
    {
        Provider = provider;
        StreamId = streamId;
        SubscriptionId = subscriptionId;
        Context = context;
        _options = options;
        _cursor = options?.Cursor ?? new StreamCursor();
        _loaded = options?.Cursor is not null;
    }

    public StreamProviderEntry Provider { get; }

    public StreamId StreamId { get; }

    public string SubscriptionId { get; }

    protected IGrainContext Context { get; }

    protected StreamCursor Cursor => _cursor;

    private bool OwnsCursor => _options?.Cursor is null;

    private bool StoresCursor => OwnsCursor && Provider.Options.Durable && Provider.Storage is not null;

    private GrainStateKey CursorKey
    {
        get
        {
            var queue = StreamQueueKey.Format(Provider.Name, StreamId);
            return new GrainStateKey(Context.GrainId.Type, Context.GrainId.Key, $"stream/{SubscriptionId.Length}:{SubscriptionId}/{queue}");
        }
    }

    /// <summary>Keeps the cursor a previous observer of the same subscription had in this activation (unless this one brings its own).</summary>
    public void TakeCursorFrom(ConsumerSubscription previous)
    {
        _turn = previous._turn;
        if (OwnsCursor && previous.OwnsCursor)
        {
            _cursor = previous._cursor;
            _loaded = previous._loaded;
            _etag = previous._etag;
        }
    }

    /// <summary>
    /// Hands the delivery's new items to the observer, then stores the cursor. Runs as a turn of the consumer; in a
    /// reentrant grain a delivery still waits for the previous one of its subscription (a retry can overtake a
    /// delivery that timed out but still runs).
    /// </summary>
    public async Task DeliverAsync(StreamDelivery delivery)
    {
        var turn = _turn;
        await turn.WaitAsync();
        try
        {
            await DeliverInTurnAsync(delivery);
        }
        finally
        {
            turn.Release();
        }
    }

    private async Task DeliverInTurnAsync(StreamDelivery delivery)
    {
        if (!_loaded)
        {
            await LoadCursorAsync();
        }

        bool changed;
        try
        {
            changed = await ConsumeAsync(delivery);
        }
        catch
        {
            if (!OwnsCursor)
            {
                // The grain's in-memory state may hold part of the batch: start over from its stored state.
                Context.DeactivateOnIdle();
            }
            else
            {
                await SaveAsync();
            }

            throw;
        }

        if (changed)
        {
            await SaveAsync();
        }
    }

    /// <summary>Calls the observer for every item and signal the cursor has not seen; advances the cursor before each call and restores it if the call throws.</summary>
    protected abstract Task<bool> ConsumeAsync(StreamDelivery delivery);

    private async Task LoadCursorAsync()
    {
        if (StoresCursor)
        {
            var record = await Provider.Storage!.ReadAsync(CursorKey);
            if (record is not null)
            {
                _cursor = Serializer.Deserialize<StreamCursor>(record.Data);
                _etag = record.Etag;
            }
        }

        _loaded = true;
    }

    private async Task SaveAsync()
    {
        try
        {
            if (!OwnsCursor)
            {
                await _options!.SaveAsync!();
            }
            else if (StoresCursor)
            {
                _etag = await Provider.Storage!.WriteAsync(CursorKey, Serializer.Serialize(_cursor), _etag);
            }
        }
        catch
        {
            // Another activation wrote since (this one is stale), or the write failed: the next activation reads what is stored.
            Context.DeactivateOnIdle();
            throw;
        }
    }
}
