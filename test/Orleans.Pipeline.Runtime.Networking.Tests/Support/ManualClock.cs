namespace Orleans.Pipeline.Runtime.Networking.Tests.Support;

/// <summary>
/// A clock whose wall time only moves when the test says so, for logic that schedules by wall time (the connector's
/// backoff). Timers and timestamps stay real, so socket timeouts still fire.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private long _utcTicks = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
