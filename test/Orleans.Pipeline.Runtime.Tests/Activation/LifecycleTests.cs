using Orleans.Pipeline.Runtime.Tests.Grains;
using Orleans.Pipeline.Runtime.Tests.Support;

namespace Orleans.Pipeline.Runtime.Tests.Activation;

public sealed class LifecycleTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"lifecycle-{Guid.NewGuid():N}.db");
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartWithSqliteAsync(_database, o =>
    {
        o.CollectionAge = TimeSpan.FromMilliseconds(400);
        o.CollectionQuantum = TimeSpan.FromMilliseconds(50);
    });

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        File.Delete(_database);
    }

    [Fact]
    public async Task IdleCollection_IdleGrain_IsDeactivatedAndReactivatesWithPersistedState()
    {
        var grain = _silo.GrainFactory.GetGrain<ICounterGrain>("idle");
        await grain.AddAsync(5, "before collection");

        await Wait.UntilAsync(() => _silo.Log.Count("deactivate idle IdleCollection") == 1, "the idle grain is collected");
        Assert.DoesNotContain(_silo.Silo.GetActivations(), id => id.Key == "idle");

        Assert.Equal(5, await grain.GetAsync());
        Assert.Equal(["activate idle 0", "deactivate idle IdleCollection", "activate idle 5"], _silo.Log.Events);
    }

    [Fact]
    public async Task IdleCollection_BusyGrain_IsNotCollected()
    {
        var grain = _silo.GrainFactory.GetGrain<ICounterGrain>("busy");
        var until = TimeProvider.System.GetTimestamp() + TimeProvider.System.TimestampFrequency * 2;
        while (TimeProvider.System.GetTimestamp() < until)
        {
            await grain.AddAsync(1, "keep busy");
            await Task.Delay(50);
        }

        Assert.Equal(1, _silo.Log.Count("activate busy 0"));
        Assert.Equal(0, _silo.Log.Count("deactivate busy IdleCollection"));
    }

    [Fact]
    public async Task DeactivateOnIdle_AfterTheCall_DeactivatesAndNextCallReactivates()
    {
        var grain = _silo.GrainFactory.GetGrain<ICounterGrain>("asked");
        await grain.AddAsync(2, "x");

        await grain.DeactivateAsync();
        await Wait.UntilAsync(() => _silo.Log.Count("deactivate asked ApplicationRequested") == 1, "the grain deactivates");

        Assert.Equal(4, await grain.AddAsync(2, "y"));
        Assert.Equal(["x", "y"], await grain.GetHistoryAsync());
        Assert.Equal(1, _silo.Log.Count("activate asked 2"));
    }

    [Fact]
    public async Task Timer_TicksWhileCallsRun_RunsAsTurnsThatNeverOverlapACall()
    {
        var grain = _silo.GrainFactory.GetGrain<ITickerGrain>(Guid.NewGuid());
        await grain.StartAsync(TimeSpan.FromMilliseconds(5));

        await Wait.UntilAsync(
            async () =>
            {
                await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => grain.BusyAsync(3)));
                return (await grain.GetAsync()).Ticks >= 20;
            },
            "the timer ticked 20 times");

        var (ticks, overlaps) = await grain.GetAsync();
        Assert.True(ticks >= 20);
        Assert.Equal(0, overlaps);

        await grain.StopAsync();
        var stopped = (await grain.GetAsync()).Ticks;
        await grain.BusyAsync(30);
        Assert.Equal(stopped, (await grain.GetAsync()).Ticks);
    }
}
