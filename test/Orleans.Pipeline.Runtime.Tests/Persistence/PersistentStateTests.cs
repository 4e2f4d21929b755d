using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Tests.Grains;
using Orleans.Pipeline.Runtime.Tests.Support;

namespace Orleans.Pipeline.Runtime.Tests.Persistence;

/// <summary>Grain state behaviour, run against every storage backend by a subclass that supplies the storage.</summary>
public abstract class PersistentStateTests : IAsyncLifetime
{
    /// <summary>Registers this backend's storage over the test's database (the same database every call).</summary>
    protected abstract void AddStorage(IServiceCollection services);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private Task<TestSilo> StartSiloAsync(ActivationLog? log = null) => TestSilo.StartAsync(AddStorage, log: log);

    [Fact]
    public async Task State_AfterDeactivation_IsReadBackOnReactivation()
    {
        await using var silo = await StartSiloAsync();
        var grain = silo.GrainFactory.GetGrain<ICounterGrain>("deactivated");
        await grain.AddAsync(3, "one");
        await grain.AddAsync(4, "two");

        await grain.DeactivateAsync();
        await Wait.UntilAsync(() => silo.Log.Count("deactivate deactivated ApplicationRequested") == 1, "the grain deactivates");

        Assert.Equal(7, await grain.GetAsync());
        Assert.Equal(["one", "two"], await grain.GetHistoryAsync());
        Assert.Equal(1, silo.Log.Count("activate deactivated 7"));
    }

    [Fact]
    public async Task State_AfterSiloRestart_IsReadBackByTheNewSilo()
    {
        await using (var first = await StartSiloAsync())
        {
            await first.GrainFactory.GetGrain<ICounterGrain>("restarted").AddAsync(11, "before restart");
        }

        await using var second = await StartSiloAsync();
        var grain = second.GrainFactory.GetGrain<ICounterGrain>("restarted");
        Assert.Equal(11, await grain.GetAsync());
        Assert.Equal(["before restart"], await grain.GetHistoryAsync());
        Assert.Equal(["activate restarted 11"], second.Log.Events);
    }

    [Fact]
    public async Task Shutdown_GrainsWritingOnDeactivation_StateIsWrittenBeforeTheSiloStops()
    {
        await using (var first = await StartSiloAsync())
        {
            var journal = first.GrainFactory.GetGrain<IJournalGrain>("kept-in-memory");
            await journal.AppendAsync("a");
            await journal.AppendAsync("b");
        }

        await using var second = await StartSiloAsync();
        Assert.Equal(["a", "b"], await second.GrainFactory.GetGrain<IJournalGrain>("kept-in-memory").GetAsync());
    }

    [Fact]
    public async Task WriteState_TwoSilosWriteTheSameState_StaleWriterGetsInconsistentStateAndNothingIsLost()
    {
        await using var left = await StartSiloAsync();
        await using var right = await StartSiloAsync();
        var onLeft = left.GrainFactory.GetGrain<ICounterGrain>("contended");
        var onRight = right.GrainFactory.GetGrain<ICounterGrain>("contended");
        Assert.Equal(0, await onLeft.GetAsync());
        Assert.Equal(0, await onRight.GetAsync());

        Assert.Equal(10, await onLeft.AddAsync(10, "left"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => onRight.AddAsync(5, "right"));

        Assert.Equal(10, await onRight.ReloadAsync());
        Assert.Equal(15, await onRight.AddAsync(5, "right again"));
        Assert.Equal(15, await onLeft.ReloadAsync());
        Assert.Equal(["left", "right again"], await onLeft.GetHistoryAsync());
    }

    [Fact]
    public async Task ClearState_ThenReactivate_StartsFromEmptyState()
    {
        await using var silo = await StartSiloAsync();
        var grain = silo.GrainFactory.GetGrain<ICounterGrain>("cleared");
        await grain.AddAsync(9, "x");

        await grain.ClearAsync();
        await grain.DeactivateAsync();
        await Wait.UntilAsync(() => silo.Log.Count("deactivate cleared ApplicationRequested") == 1, "the grain deactivates");

        Assert.Equal(0, await grain.GetAsync());
        Assert.Equal(1, await grain.AddAsync(1, "after clear"));
    }
}
