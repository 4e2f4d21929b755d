namespace Orleans.Pipeline.Tasks.Tests.Support;

/// <summary>A timer of a <see cref="FakeTimeProvider"/>; its schedule is kept under the provider's lock.</summary>
internal sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
{
    public DateTimeOffset? Due { get; set; }

    public TimeSpan Period { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        owner.Change(this, dueTime, period);
        return true;
    }

    public void Fire() => callback(state);

    public void Dispose() => owner.Remove(this);

    public ValueTask DisposeAsync()
    {
        owner.Remove(this);
        return ValueTask.CompletedTask;
    }
}
