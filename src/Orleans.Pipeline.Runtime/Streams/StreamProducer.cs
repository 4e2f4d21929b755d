using System.Buffers;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// One producer of one stream: numbers items, buffers them into batches and sends the batches to the stream's grain,
/// one at a time and in order, retrying each until the stream accepts it.
/// </summary>
/// <remarks>
/// <para>
/// Concurrency invariants, kept under <see cref="_lock"/>: <see cref="_sending"/> is true exactly while the one send
/// loop runs, and the loop has at most one batch in flight, so the stream receives this producer's batches in sequence
/// order; <see cref="_buffered"/> counts the items of the open batch, the sealed batches and the batch in flight.
/// Items accumulate in the open batch while a batch is in flight, so batches grow with the round-trip time (up to
/// <see cref="StreamProviderOptions.MaxBatchSize"/>) and a lone item goes out at once.
/// </para>
/// <para>
/// The send loop runs on the thread pool, never on the caller's activation; callers' own awaits resume where they were.
/// </para>
/// </remarks>
internal sealed partial class StreamProducer
{
    // Scratch buffers above this size are dropped after use rather than kept per thread.
    private const int MaxRetainedScratch = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    private readonly Lock _lock = new();
    private readonly IStreamQueueGrain _stream;
    private readonly string _description;
    private readonly StreamProviderOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly bool _named;
    private readonly ArrayBufferWriter<byte> _open = new(1024);
    private readonly Queue<OutgoingBatch> _sealed = new();
    private int _openCount;
    private long _openFirst;
    private TaskCompletionSource? _openAccepted;
    private int _buffered;
    private long _last;
    private bool? _durable;
    private bool _sending;
    private bool _completing;
    private Exception? _fault;
    private TaskCompletionSource? _room;
    private TaskCompletionSource? _drained;

    public StreamProducer(
        IGrainFactory grainFactory,
        string provider,
        StreamId streamId,
        string producerId,
        bool named,
        StreamProviderOptions options,
        TimeProvider timeProvider,
        ILogger logger)
    {
        ProducerId = producerId;
        _named = named;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _description = $"{provider}/{streamId}";
        _stream = grainFactory.GetGrain<IStreamQueueGrain>(GrainId.Create(StreamQueueGrain.GrainTypeName, StreamQueueKey.Format(provider, streamId)));
    }

    public string ProducerId { get; }

    public IStreamQueueGrain Stream => _stream;

    public Task OnNextAsync<T>(T item, StreamSequenceToken? token)
    {
        var scratch = t_scratch ??= new ArrayBufferWriter<byte>(256);
        scratch.ResetWrittenCount();
        var writer = new Writer(scratch);
        Codec<T>.Write(ref writer, item);
        Task completion;
        bool start;
        lock (_lock)
        {
            ThrowIfUnusableLocked();
            AppendLocked(NextSequenceLocked(token), scratch.WrittenSpan);
            completion = CompletionLocked();
            start = StartSendingLocked();
        }

        if (scratch.Capacity > MaxRetainedScratch)
        {
            t_scratch = null;
        }

        if (start)
        {
            _ = SendLoopAsync();
        }

        return completion;
    }

    public Task OnNextBatchAsync<T>(IEnumerable<T> items, StreamSequenceToken? token)
    {
        ArgumentNullException.ThrowIfNull(items);
        var scratch = t_scratch ??= new ArrayBufferWriter<byte>(256);
        var encoded = new List<byte[]>();
        foreach (var item in items)
        {
            scratch.ResetWrittenCount();
            var writer = new Writer(scratch);
            Codec<T>.Write(ref writer, item);
            encoded.Add(scratch.WrittenSpan.ToArray());
        }

        if (scratch.Capacity > MaxRetainedScratch)
        {
            t_scratch = null;
        }

        if (encoded.Count == 0)
        {
            return Task.CompletedTask;
        }

        Task completion;
        bool start;
        lock (_lock)
        {
            ThrowIfUnusableLocked();
            var sequence = NextSequenceLocked(token);
            foreach (var bytes in encoded)
            {
                AppendLocked(sequence++, bytes);
            }

            completion = CompletionLocked();
            start = StartSendingLocked();
        }

        if (start)
        {
            _ = SendLoopAsync();
        }

        return completion;
    }

    /// <summary>Sends an error entry after everything sent before it, and waits until the stream accepted it.</summary>
    public async Task OnErrorAsync(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var payload = StreamErrors.Serialize(error);
        var accepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_lock)
        {
            ThrowIfUnusableLocked();
            var sequence = NextSequenceLocked(null);
            SealLocked();
            _last = sequence;
            _buffered++;
            _sealed.Enqueue(new OutgoingBatch(
                new StreamBatch { ProducerId = ProducerId, FirstSequence = sequence, Count = 1, Kind = StreamEntryKind.Error, Payload = payload },
                accepted));
            start = StartSendingLocked();
        }

        if (start)
        {
            _ = SendLoopAsync();
        }

        await accepted.Task.ConfigureAwait(false);
    }

    /// <summary>Waits until every item sent so far was accepted, then tells the stream this producer is done.</summary>
    public async Task OnCompletedAsync()
    {
        lock (_lock)
        {
            if (_fault is not null)
            {
                throw _fault;
            }

            _completing = true;
        }

        await FlushAsync().ConfigureAwait(false);
        await RetryAsync(static (stream, id) => stream.CompleteProducerAsync(id), ProducerId).ConfigureAwait(false);
    }

    public Task ExpectProducersAsync(int count) =>
        RetryAsync(static (stream, count) => stream.ExpectProducersAsync(count), count);

    /// <summary>Completes when nothing is buffered or in flight; fails if the producer failed.</summary>
    public Task FlushAsync()
    {
        bool start;
        Task drained;
        lock (_lock)
        {
            if (_fault is not null)
            {
                return Task.FromException(_fault);
            }

            if (_buffered == 0)
            {
                return Task.CompletedTask;
            }

            drained = (_drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            start = StartSendingLocked();
        }

        if (start)
        {
            _ = SendLoopAsync();
        }

        return drained;
    }

    /// <summary>Calls the stream's grain, retrying transient failures (an unreachable silo, a timeout) for the provider's retry timeout.</summary>
    public async Task RetryAsync<TState>(Func<IStreamQueueGrain, TState, Task> call, TState state)
    {
        var deadline = _timeProvider.GetTimestamp() + ToTimestampTicks(_options.ProducerRetryTimeout);
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                await call(_stream, state).ConfigureAwait(false);
                return;
            }
            catch (Exception error) when (IsTransient(error) && _timeProvider.GetTimestamp() < deadline)
            {
                LogRetrying(_logger, error, ProducerId, _description, delay);
                await Task.Delay(delay, _timeProvider).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.TicksPerSecond));
            }
        }
    }

    private void ThrowIfUnusableLocked()
    {
        if (_fault is not null)
        {
            throw _fault;
        }

        if (_completing)
        {
            throw new StreamException($"Producer '{ProducerId}' of stream {_description} has completed; it cannot send more.");
        }
    }

    private long NextSequenceLocked(StreamSequenceToken? token)
    {
        if (token is null)
        {
            if (_named && _last == 0)
            {
                throw new StreamException(
                    $"Producer '{ProducerId}' of stream {_description} has a fixed id, so its first item after a (re)start must carry a StreamSequenceToken with the number to continue from.");
            }

            return _last + 1;
        }

        if (!string.Equals(token.ProducerId, ProducerId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The token names producer '{token.ProducerId}', but this handle produces as '{ProducerId}'.", nameof(token));
        }

        if (token.SequenceNumber <= _last || token.SequenceNumber < 1)
        {
            throw new ArgumentException(
                $"Sequence number {token.SequenceNumber} does not follow {_last}, the last one producer '{ProducerId}' sent to stream {_description}; numbers must increase and start at 1 or more.",
                nameof(token));
        }

        return token.SequenceNumber;
    }

    private void AppendLocked(long sequence, ReadOnlySpan<byte> item)
    {
        if (_openCount > 0 && (sequence != _openFirst + _openCount || _openCount >= _options.MaxBatchSize))
        {
            SealLocked();
        }

        if (_openCount == 0)
        {
            _openFirst = sequence;
        }

        _open.Write(item);
        _openCount++;
        _buffered++;
        _last = sequence;
    }

    /// <summary>What the caller of OnNext waits for: room in the buffer (non-durable), or its batch stored (durable, or not yet known).</summary>
    private Task CompletionLocked()
    {
        if (_durable == false)
        {
            return _buffered <= _options.ProducerBufferSize
                ? Task.CompletedTask
                : (_room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        return (_openAccepted ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
    }

    private void SealLocked()
    {
        if (_openCount == 0)
        {
            return;
        }

        var batch = new StreamBatch
        {
            ProducerId = ProducerId,
            FirstSequence = _openFirst,
            Count = _openCount,
            Kind = StreamEntryKind.Items,
            Payload = _open.WrittenSpan.ToArray(),
        };
        _sealed.Enqueue(new OutgoingBatch(batch, _openAccepted));
        _open.ResetWrittenCount();
        _openCount = 0;
        _openAccepted = null;
    }

    private bool StartSendingLocked()
    {
        if (_sending || _fault is not null)
        {
            return false;
        }

        _sending = true;
        return true;
    }

    private async Task SendLoopAsync()
    {
        while (true)
        {
            OutgoingBatch next;
            lock (_lock)
            {
                if (_sealed.Count == 0)
                {
                    SealLocked();
                }

                if (_fault is not null || !_sealed.TryDequeue(out next!))
                {
                    _sending = false;
                    return;
                }

            }

            EnqueueResult? result = null;
            Exception? failure = null;
            try
            {
                result = await SendWithRetryAsync(next.Batch).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                failure = error;
            }

            List<TaskCompletionSource?> release;
            lock (_lock)
            {
                if (failure is null)
                {
                    _durable = result!.Durable;
                    _buffered -= next.Batch.Count;
                    release = [next.Accepted];
                    if (_buffered <= _options.ProducerBufferSize)
                    {
                        release.Add(_room);
                        _room = null;
                    }

                    if (_buffered == 0)
                    {
                        release.Add(_drained);
                        _drained = null;
                    }
                }
                else
                {
                    _fault = new StreamException($"Producer '{ProducerId}' of stream {_description} failed: {failure.Message}", failure);
                    release = [next.Accepted, _openAccepted, _room, _drained, .. _sealed.Select(b => b.Accepted)];
                    _sealed.Clear();
                    _open.ResetWrittenCount();
                    _openCount = 0;
                    _openAccepted = _room = _drained = null;
                    _sending = false;
                }
            }

            foreach (var waiter in release)
            {
                if (failure is null)
                {
                    waiter?.TrySetResult();
                }
                else
                {
                    waiter?.TrySetException(_fault!);
                }
            }

            if (failure is not null)
            {
                LogProducerFailed(_logger, failure, ProducerId, _description);
                return;
            }
        }
    }

    private async Task<EnqueueResult> SendWithRetryAsync(StreamBatch batch)
    {
        var deadline = _timeProvider.GetTimestamp() + ToTimestampTicks(_options.ProducerRetryTimeout);
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                var result = await _stream.EnqueueAsync(batch).ConfigureAwait(false);
                if (result.Status == EnqueueStatus.Accepted)
                {
                    return result;
                }

                // Full: the stream already held the batch for its wait; a slow consumer is no reason to give up.
                deadline = _timeProvider.GetTimestamp() + ToTimestampTicks(_options.ProducerRetryTimeout);
            }
            catch (Exception error) when (IsTransient(error) && _timeProvider.GetTimestamp() < deadline)
            {
                LogRetrying(_logger, error, ProducerId, _description, delay);
                await Task.Delay(delay, _timeProvider).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.TicksPerSecond));
            }
        }
    }

    /// <summary>Failures that a later attempt can overcome: anything but a refusal (<see cref="StreamException"/>) or bad input.</summary>
    private static bool IsTransient(Exception error) =>
        error is not (StreamException or ArgumentException or NotSupportedException or WireFormatException or ObjectDisposedException);

    private long ToTimestampTicks(TimeSpan span) => (long)(span.TotalSeconds * _timeProvider.TimestampFrequency);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Producer {ProducerId} of stream {Stream}: a call failed; retrying in {Delay}.")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string producerId, string stream, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Producer {ProducerId} of stream {Stream} failed; its unsent items are dropped and later sends fail.")]
    private static partial void LogProducerFailed(ILogger logger, Exception exception, string producerId, string stream);

    private sealed record OutgoingBatch(StreamBatch Batch, TaskCompletionSource? Accepted);
}
