using Orleans.Pipeline.Runtime.Activation;

namespace Orleans.Pipeline.Runtime.Timers;

/// <summary>
/// A timer whose ticks are queued on its activation like calls, so a callback never overlaps grain code (unless the
/// grain is reentrant). The next tick is armed only after the callback's task completes: ticks never pile up.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly ITimer _timer;
    private TimeSpan _period = Timeout.InfiniteTimeSpan;
    private volatile bool _disposed;

    public GrainTimer(ActivationData activation, Func<CancellationToken, Task> callback, TimeProvider timeProvider)
    {
        _activation = activation;
        _callback = callback;
        _timer = timeProvider.CreateTimer(static s => ((GrainTimer)s!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _period = period;
        _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    internal Task InvokeCallback(CancellationToken cancellationToken) =>
        _disposed ? Task.CompletedTask : _callback(cancellationToken);

    internal void OnTickCompleted()
    {
        if (!_disposed && _period != Timeout.InfiniteTimeSpan)
        {
            _timer.Change(_period, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnDue()
    {
        if (!_disposed)
        {
            _activation.EnqueueTick(this);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }
}
