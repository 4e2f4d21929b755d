namespace Orleans.Pipeline.Runtime.Membership.Tests.Support;

/// <summary>A timer of a <see cref="FakeClock"/>; its schedule is kept under the clock's lock.</summary>
internal sealed class FakeClockTimer(FakeClock clock, TimerCallback callback, object? state) : ITimer
{
    private int _disposed;

    /// <summary>The next time it fires, or null when stopped.</summary>
    public DateTimeOffset? Due { get; set; }

    /// <summary>Zero for a one-shot timer.</summary>
    public TimeSpan Period { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        clock.Schedule(this, dueTime, period);
        return true;
    }

    public void Fire()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            callback(state);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            clock.Remove(this);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
