using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Invocation;
using Orleans.Pipeline.Runtime.Manifest;
using Orleans.Pipeline.Runtime.Messaging;
using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Timers;

namespace Orleans.Pipeline.Runtime.Activation;

/// <summary>
/// One activation of a grain: its instance, its mailbox and its turns.
/// </summary>
/// <remarks>
/// Concurrency invariants, all kept under <see cref="_lock"/>:
/// <list type="bullet">
/// <item>At most one thread runs this activation's turns at a time: <see cref="_scheduled"/> is true from the
/// moment a drain is queued to the thread pool until that drain finds nothing runnable and clears it.</item>
/// <item>Work items wait in <see cref="_pending"/> (calls and timer ticks, which start only when the activation is
/// valid and, unless reentrant, idle) or <see cref="_posted"/> (continuations of code already started, which always
/// run, first).</item>
/// <item><see cref="_busy"/> counts started calls and ticks that have not finished (deactivation waits for zero);
/// <see cref="_exclusive"/> counts those among them that exclude others (all but <c>[AlwaysInterleave]</c> calls): a
/// non-reentrant activation starts a call only when it is zero, so an interleaving call never holds others up.</item>
/// </list>
/// </remarks>
internal sealed partial class ActivationData : IGrainContext, IThreadPoolWorkItem
{
    private const int TurnsPerDrain = 128;

    private static readonly SendOrPostCallback s_activate = static s => _ = ((ActivationData)s!).ActivateAsync();
    private static readonly SendOrPostCallback s_deactivate = static s => _ = ((ActivationData)s!).RunDeactivationAsync();

    private readonly SiloRuntime _runtime;
    private readonly GrainClassRegistration _grainClass;
    private readonly ActivationSynchronizationContext _syncContext;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Queue<object> _pending = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _posted = new();
    private readonly List<Request> _running = [];
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _lifetime = new();
    private List<IPersistentStateLoader>? _states;
    private List<GrainTimer>? _timers;
    private object? _instance;
    private ActivationState _state = ActivationState.Activating;
    private DeactivationReason _deactivationReason;
    private bool _scheduled;
    private bool _deactivateWhenIdle;
    private int _busy;
    private int _exclusive;
    private long _lastActive;
    private long _keepAliveUntil;

    public ActivationData(SiloRuntime runtime, GrainId grainId, GrainClassRegistration grainClass)
    {
        _runtime = runtime;
        _grainClass = grainClass;
        GrainId = grainId;
        _syncContext = new ActivationSynchronizationContext(this);
        _logger = runtime.LoggerFactory.CreateLogger<ActivationData>();
        _lastActive = runtime.TimeProvider.GetTimestamp();
        Post(s_activate, this);
    }

    public GrainId GrainId { get; }

    public IGrainFactory GrainFactory => _runtime.GrainFactory;

    public IServiceProvider Services => _runtime.Services;

    /// <summary>The grain instance, once constructed.</summary>
    public object? Instance => _instance;

    internal ActivationState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Accepts a call unless this activation is gone; false tells the caller to look the grain up again.</summary>
    public bool TryEnqueue(Request request)
    {
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                return false;
            }

            _pending.Enqueue(request);
            ScheduleIfRunnableLocked();
            return true;
        }
    }

    /// <summary>Queues a continuation or an internal step; it runs as a turn of this activation, whatever its state.</summary>
    public void Post(SendOrPostCallback callback, object? state)
    {
        lock (_lock)
        {
            _posted.Enqueue((callback, state));
            if (!_scheduled)
            {
                _scheduled = true;
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
        }
    }

    public void Execute()
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext);
        try
        {
            for (var turn = 0; turn < TurnsPerDrain; turn++)
            {
                SendOrPostCallback? callback = null;
                object? state = null;
                object? work = null;
                lock (_lock)
                {
                    if (_posted.TryDequeue(out var posted))
                    {
                        (callback, state) = posted;
                    }
                    else if (CanStartLocked())
                    {
                        work = _pending.Dequeue();
                        _busy++;
                        if (work is not Request { AlwaysInterleave: true })
                        {
                            _exclusive++;
                        }
                        if (work is Request request)
                        {
                            _running.Add(request);
                        }
                    }
                    else
                    {
                        _scheduled = false;
                        return;
                    }
                }

                if (callback is not null)
                {
                    RunPosted(callback, state);
                }
                else if (work is Request request)
                {
                    StartRequest(request);
                }
                else
                {
                    StartTick((GrainTimer)work!);
                }
            }

            // Out of budget: let other activations run, then continue.
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private bool CanStartLocked()
    {
        if (_state != ActivationState.Valid || !_pending.TryPeek(out var next))
        {
            return false;
        }

        return _exclusive == 0 || _grainClass.IsReentrant || next is Request { AlwaysInterleave: true };
    }

    private void ScheduleIfRunnableLocked()
    {
        if (!_scheduled && (_posted.Count > 0 || CanStartLocked()))
        {
            _scheduled = true;
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private void RunPosted(SendOrPostCallback callback, object? state)
    {
        try
        {
            callback(state);
        }
        catch (Exception exception)
        {
            LogTurnFailed(_logger, exception, GrainId);
        }
    }

    private void StartRequest(Request request)
    {
        if (request.IsCompleted)
        {
            // The caller stopped waiting (deadline) before the call started: do not run it.
            FinishWork(request);
            return;
        }

        var invocation = request.InvokeAsync(_instance!);
        if (invocation.IsCompleted)
        {
            FinishWork(request);
        }
        else
        {
            invocation.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => FinishWork(request));
        }
    }

    private void StartTick(GrainTimer timer)
    {
        Task tick;
        try
        {
            tick = timer.InvokeCallback(_lifetime.Token);
        }
        catch (Exception exception)
        {
            tick = Task.FromException(exception);
        }

        if (tick.IsCompleted)
        {
            FinishTick(timer, tick);
        }
        else
        {
            tick.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => FinishTick(timer, tick));
        }
    }

    private void FinishTick(GrainTimer timer, Task tick)
    {
        if (tick.IsFaulted)
        {
            LogTimerFailed(_logger, tick.Exception!.InnerException!, GrainId);
        }

        FinishWork(null);
        timer.OnTickCompleted();
    }

    /// <summary>Ends a started call or tick: frees the activation for the next one and answers the caller.</summary>
    private void FinishWork(Request? request)
    {
        bool deactivate;
        lock (_lock)
        {
            _busy--;
            if (request is not { AlwaysInterleave: true })
            {
                _exclusive--;
            }

            if (request is not null)
            {
                _running.Remove(request);
            }

            _lastActive = _runtime.TimeProvider.GetTimestamp();
            if (_busy == 0 && _deactivateWhenIdle && _state == ActivationState.Valid)
            {
                _state = ActivationState.Deactivating;
                _deactivationReason = DeactivationReason.ApplicationRequested;
            }

            deactivate = _busy == 0 && _state == ActivationState.Deactivating;
            if (!deactivate)
            {
                ScheduleIfRunnableLocked();
            }
        }

        request?.Complete();
        if (deactivate)
        {
            Post(s_deactivate, this);
        }
    }

    private async Task ActivateAsync()
    {
        try
        {
            _instance = _grainClass.Create(this);
            if (_states is not null)
            {
                foreach (var state in _states)
                {
                    await state.ReadStateAsync();
                }
            }

            if (_instance is Grain grain)
            {
                await grain.OnActivateAsync(_lifetime.Token);
            }

            bool deactivate;
            lock (_lock)
            {
                _lastActive = _runtime.TimeProvider.GetTimestamp();
                deactivate = _state == ActivationState.Deactivating;
                if (!deactivate)
                {
                    _state = ActivationState.Valid;
                    ScheduleIfRunnableLocked();
                }
            }

            if (deactivate)
            {
                Post(s_deactivate, this);
            }
        }
        catch (Exception exception)
        {
            LogActivationFailed(_logger, exception, GrainId);
            var failure = new InvalidOperationException($"Activation of grain {GrainId} failed: {exception.Message}", exception);
            FailAndRemove(failure);
        }
    }

    private void FailAndRemove(Exception failure)
    {
        List<object> leftovers;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            leftovers = [.. _pending];
            _pending.Clear();
        }

        _runtime.Catalog.Remove(this);
        DisposeTimers();
        foreach (var item in leftovers)
        {
            (item as Request)?.TryFail(failure);
        }

        _deactivated.TrySetResult();
    }

    /// <summary>Starts deactivation (if it has not started) and returns a task that completes when it is done.</summary>
    public Task DeactivateAsync(DeactivationReason reason)
    {
        bool runNow = false;
        lock (_lock)
        {
            if (_state is ActivationState.Activating or ActivationState.Valid)
            {
                _deactivationReason = reason;
                var wasValid = _state == ActivationState.Valid;
                _state = ActivationState.Deactivating;
                runNow = wasValid && _busy == 0;
            }
        }

        if (runNow)
        {
            Post(s_deactivate, this);
        }

        return _deactivated.Task;
    }

    private async Task RunDeactivationAsync()
    {
        DisposeTimers();
        DeactivationReason reason;
        lock (_lock)
        {
            reason = _deactivationReason;
        }

        try
        {
            if (_instance is Grain grain)
            {
                await grain.OnDeactivateAsync(reason, CancellationToken.None);
            }
        }
        catch (Exception exception)
        {
            LogDeactivationFailed(_logger, exception, GrainId);
        }

        await _runtime.Router.OnDeactivatingAsync(GrainId, _grainClass);
        await _lifetime.CancelAsync();
        List<object> leftovers;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            leftovers = [.. _pending];
            _pending.Clear();
        }

        _runtime.Catalog.Remove(this);
        foreach (var item in leftovers)
        {
            if (item is Request request)
            {
                // Calls that arrived while deactivating go to the next activation (or fail if the silo is stopping).
                _runtime.Catalog.Deliver(GrainId, request);
            }
        }

        _deactivated.TrySetResult();
    }

    /// <summary>Stops everything at once, as if the process died: no deactivation code runs, waiting calls fail.</summary>
    public void Abandon()
    {
        List<object> leftovers;
        List<Request> running;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            leftovers = [.. _pending];
            running = [.. _running];
            _pending.Clear();
        }

        DisposeTimers();
        _lifetime.Cancel();
        var gone = new SiloUnavailableException($"The silo hosting grain {GrainId} stopped abruptly.");
        foreach (var request in leftovers.OfType<Request>().Concat(running))
        {
            request.TryFail(gone);
        }

        _deactivated.TrySetResult();
    }

    /// <summary>Fails overdue calls and starts idle collection; called periodically by the silo.</summary>
    public void Sweep(long now, long idleTicks)
    {
        List<Request>? overdue = null;
        bool collect;
        lock (_lock)
        {
            foreach (var item in _pending)
            {
                if (item is Request request && request.DeadlineTimestamp < now && !request.IsCompleted)
                {
                    (overdue ??= []).Add(request);
                }
            }

            foreach (var request in _running)
            {
                if (request.DeadlineTimestamp < now && !request.IsCompleted)
                {
                    (overdue ??= []).Add(request);
                }
            }

            collect = _state == ActivationState.Valid && _busy == 0 && _pending.Count == 0
                && now - _lastActive > idleTicks && now > _keepAliveUntil;
        }

        if (overdue is not null)
        {
            foreach (var request in overdue)
            {
                request.TryFail(new TimeoutException(
                    $"{request.MethodName} on grain {GrainId} did not answer within {_runtime.Options.ResponseTimeout}."));
            }
        }

        if (collect)
        {
            _ = DeactivateAsync(DeactivationReason.IdleCollection);
        }
    }

    public IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName)
    {
        var state = new PersistentState<TState>(
            new GrainStateKey(GrainId.Type, GrainId.Key, stateName),
            GrainStorageResolver.Resolve(_runtime.Services, storageName, _grainClass.ClassType),
            _runtime.GrainFactory);
        (_states ??= []).Add(state);
        return state;
    }

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new GrainTimer(this, callback, _runtime.TimeProvider);
        lock (_lock)
        {
            (_timers ??= []).Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Queues a timer tick; it runs like a call (after the running call, unless the grain is reentrant).</summary>
    internal void EnqueueTick(GrainTimer timer)
    {
        lock (_lock)
        {
            if (_state is ActivationState.Activating or ActivationState.Valid)
            {
                _pending.Enqueue(timer);
                ScheduleIfRunnableLocked();
            }
        }
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    private void DisposeTimers()
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            timers = _timers?.ToArray() ?? [];
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    public void DeactivateOnIdle()
    {
        lock (_lock)
        {
            _deactivateWhenIdle = true;
            if (_busy == 0 && _state == ActivationState.Valid)
            {
                _state = ActivationState.Deactivating;
                _deactivationReason = DeactivationReason.ApplicationRequested;
                Post(s_deactivate, this);
            }
        }
    }

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        var until = _runtime.TimeProvider.GetTimestamp() + (long)(timeSpan.TotalSeconds * _runtime.TimeProvider.TimestampFrequency);
        lock (_lock)
        {
            _keepAliveUntil = Math.Max(_keepAliveUntil, until);
        }
    }

    public override string ToString() => $"Activation {GrainId}";

    [LoggerMessage(Level = LogLevel.Error, Message = "Activation of grain {GrainId} failed.")]
    private static partial void LogActivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OnDeactivateAsync of grain {GrainId} failed.")]
    private static partial void LogDeactivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A turn of grain {GrainId} threw.")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A timer callback of grain {GrainId} failed.")]
    private static partial void LogTimerFailed(ILogger logger, Exception exception, GrainId grainId);
}
