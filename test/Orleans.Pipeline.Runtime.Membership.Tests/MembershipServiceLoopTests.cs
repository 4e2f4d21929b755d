using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Membership.Tests.Support;

namespace Orleans.Pipeline.Runtime.Membership.Tests;

/// <summary>
/// The service's own loops (<see cref="MembershipService.StartAsync"/>): on the fake clock they run when it is
/// advanced; on the real clock with short periods they detect a kill and a graceful leave on their own. Waits are on
/// conditions with deadlines.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class MembershipServiceLoopTests
{
    private static readonly MembershipOptions Fast = new()
    {
        ProbePeriod = TimeSpan.FromMilliseconds(50),
        ProbeTimeout = TimeSpan.FromMilliseconds(200),
        TableRefreshPeriod = TimeSpan.FromMilliseconds(50),
        IAmAlivePeriod = TimeSpan.FromMilliseconds(50),
        MissedIAmAliveLimit = 20,
        VoteExpiration = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task StartAsync_FakeClockAdvanced_HeartbeatLoopWritesTheClocksTime()
    {
        await using var cluster = new MembershipTestCluster();
        var silo = cluster.Create(1);
        await silo.StartAsync(CancellationToken.None);
        var joined = (await cluster.RowAsync(silo.LocalSilo)).Entry.IAmAliveTime;

        cluster.Clock.Advance(TimeSpan.FromSeconds(3));

        var expected = MembershipTestCluster.Start + TimeSpan.FromSeconds(3);
        await Wait.UntilAsync(async () => (await cluster.RowAsync(silo.LocalSilo)).Entry.IAmAliveTime == expected, "the heartbeat loop wrote the clock's time");
        Assert.Equal(MembershipTestCluster.Start, joined);
    }

    [Fact]
    public async Task StopAsync_LoopsRunning_LeavesAndStopsItsTimers()
    {
        await using var cluster = new MembershipTestCluster();
        var silo = cluster.Create(1);
        await silo.StartAsync(CancellationToken.None);
        var timersWhileRunning = cluster.Clock.ActiveTimers;

        await silo.StopAsync(CancellationToken.None);

        Assert.Equal(3, timersWhileRunning);
        Assert.Equal(0, cluster.Clock.ActiveTimers);
        Assert.Equal(MembershipPhase.Left, silo.Phase);
        Assert.Equal(SiloStatus.Dead, (await cluster.RowAsync(silo.LocalSilo)).Entry.Status);
    }

    [Fact]
    public async Task StartAsync_RealClockShortPeriods_KilledSiloDeclaredDeadAndEveryViewAgrees()
    {
        await using var cluster = new MembershipTestCluster(Fast, TimeProvider.System);
        var silos = new[] { cluster.Create(1), cluster.Create(2), cluster.Create(3) };
        foreach (var silo in silos)
        {
            await silo.StartAsync(CancellationToken.None);
        }

        await Wait.UntilAsync(() => silos.All(silo => silo.CurrentView.ActiveSilos.Count == 3), "every silo sees three active");
        await cluster.Directory.RegisterAsync(new GrainId("G", "on-3"), silos[2].LocalSilo);

        await cluster.KillAsync(silos[2]);

        await Wait.UntilAsync(
            () => silos[..2].All(silo => silo.CurrentView.StatusOf(silos[2].LocalSilo) == SiloStatus.Dead),
            "both survivors see the killed silo dead");
        await Wait.UntilAsync(async () => await cluster.Directory.LookupAsync(new GrainId("G", "on-3")) is null, "its directory entry is removed");
        Assert.Equal([silos[0].LocalSilo, silos[1].LocalSilo], silos[0].CurrentView.ActiveSilos);
        Assert.Equal([silos[0].LocalSilo, silos[1].LocalSilo], silos[1].CurrentView.ActiveSilos);
        Assert.Equal(SiloStatus.Dead, (await cluster.RowAsync(silos[2].LocalSilo)).Entry.Status);
    }

    [Fact]
    public async Task StartAsync_RealClockShortPeriods_PartitionedSiloRaisesDeclaredDeadAndStopsItsLoops()
    {
        await using var cluster = new MembershipTestCluster(Fast, TimeProvider.System);
        var silos = new[] { cluster.Create(1), cluster.Create(2), cluster.Create(3) };
        var declared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        silos[2].DeclaredDead += (_, _) => declared.TrySetResult();
        foreach (var silo in silos)
        {
            await silo.StartAsync(CancellationToken.None);
        }

        await Wait.UntilAsync(() => silos.All(silo => silo.CurrentView.ActiveSilos.Count == 3), "every silo sees three active");

        cluster.Network.Partition(silos[2].LocalSilo, silos[0].LocalSilo, silos[1].LocalSilo);

        await declared.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(MembershipPhase.DeclaredDead, silos[2].Phase);
        await Wait.UntilAsync(() => silos[..2].All(silo => silo.CurrentView.ActiveSilos.Count == 2), "the survivors see two active");
        Assert.All(silos[..2], silo => Assert.Equal(MembershipPhase.Joined, silo.Phase));
    }

    [Fact]
    public async Task StopAsync_RealClockShortPeriods_OthersSeeItDeadWithoutVoting()
    {
        await using var cluster = new MembershipTestCluster(Fast, TimeProvider.System);
        var silos = new[] { cluster.Create(1), cluster.Create(2) };
        foreach (var silo in silos)
        {
            await silo.StartAsync(CancellationToken.None);
        }

        await Wait.UntilAsync(() => silos.All(silo => silo.CurrentView.ActiveSilos.Count == 2), "both silos see two active");

        await silos[1].StopAsync(CancellationToken.None);

        await Wait.UntilAsync(() => silos[0].CurrentView.StatusOf(silos[1].LocalSilo) == SiloStatus.Dead, "the other silo sees it dead");
        Assert.Empty((await cluster.RowAsync(silos[1].LocalSilo)).Entry.Suspicions);
        Assert.Equal(MembershipPhase.Left, silos[1].Phase);
    }
}
