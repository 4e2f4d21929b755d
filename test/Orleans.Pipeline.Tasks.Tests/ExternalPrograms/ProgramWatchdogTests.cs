using Orleans.Pipeline.Tasks.ExternalPrograms;
using Orleans.Pipeline.Tasks.Tests.Support;

namespace Orleans.Pipeline.Tasks.Tests.ExternalPrograms;

public class ProgramWatchdogTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void Token_SilenceLongerThanTheTimeout_IsCancelled()
    {
        var time = new FakeTimeProvider();
        using var watchdog = new ProgramWatchdog(Timeout, time);

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(watchdog.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(watchdog.Token.IsCancellationRequested);
    }

    [Fact]
    public void Touch_BeforeTheTimeout_RestartsTheClock()
    {
        var time = new FakeTimeProvider();
        using var watchdog = new ProgramWatchdog(Timeout, time);

        time.Advance(TimeSpan.FromSeconds(8));
        watchdog.Touch();
        time.Advance(TimeSpan.FromSeconds(8));
        Assert.False(watchdog.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(watchdog.Token.IsCancellationRequested);
    }

    [Fact]
    public void PauseAndResume_NestedPauses_StopTheClockUntilTheLastResumeThenGiveAFullTimeout()
    {
        var time = new FakeTimeProvider();
        using var watchdog = new ProgramWatchdog(Timeout, time);

        watchdog.Pause();
        watchdog.Pause();
        watchdog.Touch(); // a message while paused does not restart the clock
        time.Advance(TimeSpan.FromMinutes(5));
        watchdog.Resume();
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(watchdog.Token.IsCancellationRequested);

        watchdog.Resume();
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(watchdog.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(watchdog.Token.IsCancellationRequested);
    }
}
