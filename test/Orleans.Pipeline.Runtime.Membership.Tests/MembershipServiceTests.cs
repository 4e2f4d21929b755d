using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Membership.Tests.Support;
using static Orleans.Pipeline.Runtime.Membership.Tests.Support.MembershipTestCluster;

namespace Orleans.Pipeline.Runtime.Membership.Tests;

/// <summary>
/// The membership protocol, driven one period at a time on fake time (<see cref="MembershipTestCluster.RoundAsync"/>)
/// over a real SQLite table, with silos killed and partitioned on a fake network. Times are asserted in rounds of
/// the fake clock, never in wall time.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class MembershipServiceTests : IAsyncLifetime
{
    private MembershipTestCluster _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task JoinAsync_ThreeSilos_AllSeeThreeActive()
    {
        var silos = await _cluster.JoinAsync(1, 2, 3);

        var expected = new[] { Address(1), Address(2), Address(3) };
        foreach (var silo in silos)
        {
            Assert.Equal(MembershipPhase.Joined, silo.Phase);
            Assert.Equal(expected, silo.CurrentView.ActiveSilos);
            Assert.Equal(silos[2].CurrentView.Version, silo.CurrentView.Version);
        }

        var snapshot = await _cluster.Table.ReadAllAsync();
        Assert.All(snapshot.Rows, row => Assert.Equal(SiloStatus.Active, row.Entry.Status));
        Assert.All(snapshot.Rows, row => Assert.Empty(row.Entry.Suspicions));
        Assert.Equal(["silo1", "silo2", "silo3"], snapshot.Rows.Select(row => row.Entry.SiloName));
        Assert.Equal([30001, 30002, 30003], snapshot.Rows.Select(row => row.Entry.GatewayPort));
    }

    [Fact]
    public async Task RunProbeRound_SiloKilled_DeclaredDeadAfterMissedProbesLimitRoundsEverywhere()
    {
        var (a, b, c) = await ThreeSilosAsync();
        await _cluster.Directory.RegisterAsync(new GrainId("G", "on-a"), a.LocalSilo);
        await _cluster.Directory.RegisterAsync(new GrainId("G", "on-c-1"), c.LocalSilo);
        await _cluster.Directory.RegisterAsync(new GrainId("G", "on-c-2"), c.LocalSilo);
        await _cluster.KillAsync(c);

        await _cluster.RoundAsync();
        var afterOneRound = await _cluster.RowAsync(c.LocalSilo);
        await _cluster.RoundAsync();

        // MissedProbesLimit (2) rounds of ProbePeriod (1 s): declared 2 s of clock after the kill, well under 5 s.
        Assert.Equal(SiloStatus.Active, afterOneRound.Entry.Status);
        Assert.Empty(afterOneRound.Entry.Suspicions);
        Assert.Equal(Start + (2 * _cluster.Options.ProbePeriod), _cluster.Clock.GetUtcNow());
        var row = await _cluster.RowAsync(c.LocalSilo);
        Assert.Equal(SiloStatus.Dead, row.Entry.Status);
        Assert.Equal([a.LocalSilo, b.LocalSilo], row.Entry.Suspicions.Select(vote => vote.Voter).Order());
        foreach (var survivor in new[] { a, b })
        {
            Assert.Equal(SiloStatus.Dead, survivor.CurrentView.StatusOf(c.LocalSilo));
            Assert.Equal([a.LocalSilo, b.LocalSilo], survivor.CurrentView.ActiveSilos);
        }

        Assert.Equal(a.CurrentView.Version, b.CurrentView.Version);
        Assert.Null(await _cluster.Directory.LookupAsync(new GrainId("G", "on-c-1")));
        Assert.Null(await _cluster.Directory.LookupAsync(new GrainId("G", "on-c-2")));
        Assert.Equal(a.LocalSilo, await _cluster.Directory.LookupAsync(new GrainId("G", "on-a")));
    }

    [Fact]
    public async Task RunProbeRound_PartitionedSiloStillRunning_LearnsItWasDeclaredDeadAndStopsHeartbeats()
    {
        var (a, b, c) = await ThreeSilosAsync();
        var declared = new TaskCompletionSource<MembershipChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        c.DeclaredDead += (_, change) => declared.TrySetResult(change);
        var othersDeclaredDead = 0;
        a.DeclaredDead += (_, _) => Interlocked.Increment(ref othersDeclaredDead);
        b.DeclaredDead += (_, _) => Interlocked.Increment(ref othersDeclaredDead);
        _cluster.Network.Partition(c.LocalSilo, a.LocalSilo, b.LocalSilo);

        await _cluster.RoundAsync();
        await _cluster.RoundAsync();

        var change = await declared.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(c.LocalSilo, change.Silo);
        Assert.Equal(SiloStatus.Dead, change.Status);
        Assert.Equal(MembershipPhase.DeclaredDead, c.Phase);
        Assert.Equal(SiloStatus.Dead, (await _cluster.RowAsync(c.LocalSilo)).Entry.Status);

        // c cannot reach a or b either, but alone it can never gather the two votes they need.
        Assert.Equal(0, othersDeclaredDead);
        Assert.Equal(SiloStatus.Active, (await _cluster.RowAsync(a.LocalSilo)).Entry.Status);
        Assert.Equal(SiloStatus.Active, (await _cluster.RowAsync(b.LocalSilo)).Entry.Status);

        var heartbeat = (await _cluster.RowAsync(c.LocalSilo)).Entry.IAmAliveTime;
        _cluster.Network.ClearProbes();
        await _cluster.RoundAsync();
        await _cluster.RoundAsync();
        Assert.Equal(heartbeat, (await _cluster.RowAsync(c.LocalSilo)).Entry.IAmAliveTime);
        Assert.DoesNotContain(_cluster.Network.Probes, probe => probe.From == c.LocalSilo);
        Assert.Equal(SiloStatus.Active, (await _cluster.RowAsync(a.LocalSilo)).Entry.Status);
        Assert.Equal(SiloStatus.Active, (await _cluster.RowAsync(b.LocalSilo)).Entry.Status);
        Assert.Equal(0, othersDeclaredDead);
    }

    [Fact]
    public async Task RunProbeRound_TwoSiloCluster_OneVoteDeclaresDeath()
    {
        var silos = await _cluster.JoinAsync(1, 2);
        await _cluster.KillAsync(silos[1]);

        await _cluster.RoundAsync();
        Assert.Equal(SiloStatus.Active, (await _cluster.RowAsync(silos[1].LocalSilo)).Entry.Status);
        await _cluster.RoundAsync();

        var row = await _cluster.RowAsync(silos[1].LocalSilo);
        Assert.Equal(SiloStatus.Dead, row.Entry.Status);
        Assert.Equal([silos[0].LocalSilo], row.Entry.Suspicions.Select(vote => vote.Voter));
        Assert.Equal([silos[0].LocalSilo], silos[0].CurrentView.ActiveSilos);
    }

    [Fact]
    public async Task RunProbeRound_TwoSilosPartitionedProbingAtOnce_ExactlyOneSurvives()
    {
        var silos = await _cluster.JoinAsync(1, 2);
        var declaredDead = 0;
        foreach (var silo in silos)
        {
            silo.DeclaredDead += (_, _) => Interlocked.Increment(ref declaredDead);
        }

        _cluster.Network.Partition(silos[0].LocalSilo, silos[1].LocalSilo);

        for (var round = 0; round < 3; round++)
        {
            _cluster.Clock.Advance(_cluster.Options.ProbePeriod);
            await Task.WhenAll(silos.Select(silo => Task.Run(() => silo.WriteHeartbeatAsync())));
            await Task.WhenAll(silos.Select(silo => Task.Run(() => silo.RunProbeRoundAsync())));
            await _cluster.RefreshAllAsync();
        }

        var snapshot = await _cluster.Table.ReadAllAsync();
        Assert.Single(snapshot.Rows, row => row.Entry.Status == SiloStatus.Dead);
        Assert.Single(snapshot.Rows, row => row.Entry.Status == SiloStatus.Active);
        Assert.Equal(1, declaredDead);
        var survivor = silos.Single(silo => silo.Phase == MembershipPhase.Joined);
        Assert.Equal(MembershipPhase.DeclaredDead, silos.Single(silo => silo != survivor).Phase);
        Assert.Equal([survivor.LocalSilo], survivor.CurrentView.ActiveSilos);
    }

    [Fact]
    public async Task RunProbeRound_VoteOlderThanVoteExpiration_DoesNotCount()
    {
        var (a, b, c, d) = await FourSilosAsync();

        // a alone loses d for two rounds: one vote of the two needed.
        _cluster.Network.Partition(a.LocalSilo, d.LocalSilo);
        await _cluster.RoundAsync();
        await _cluster.RoundAsync();
        var afterFirstVote = await _cluster.RowAsync(d.LocalSilo);
        _cluster.Network.Heal(a.LocalSilo, d.LocalSilo);

        // A healthy stretch longer than VoteExpiration (10 s); then b alone loses d.
        for (var round = 0; round < 11; round++)
        {
            await _cluster.RoundAsync();
        }

        _cluster.Network.Partition(b.LocalSilo, d.LocalSilo);
        await _cluster.RoundAsync();
        await _cluster.RoundAsync();

        Assert.Equal([a.LocalSilo], afterFirstVote.Entry.Suspicions.Select(vote => vote.Voter));
        var row = await _cluster.RowAsync(d.LocalSilo);
        Assert.Equal(SiloStatus.Active, row.Entry.Status);
        Assert.Equal([b.LocalSilo], row.Entry.Suspicions.Select(vote => vote.Voter));
        Assert.Equal(SiloStatus.Active, c.CurrentView.StatusOf(d.LocalSilo));
    }

    [Fact]
    public async Task RunProbeRound_TwoFreshVotesFromDifferentSilos_DeclareDeath()
    {
        var (a, b, _, d) = await FourSilosAsync();

        // The same two partial failures as above, but within the vote expiration: their votes add up.
        _cluster.Network.Partition(a.LocalSilo, d.LocalSilo);
        await _cluster.RoundAsync();
        await _cluster.RoundAsync();
        _cluster.Network.Heal(a.LocalSilo, d.LocalSilo);
        _cluster.Network.Partition(b.LocalSilo, d.LocalSilo);
        await _cluster.RoundAsync();
        await _cluster.RoundAsync();

        var row = await _cluster.RowAsync(d.LocalSilo);
        Assert.Equal(SiloStatus.Dead, row.Entry.Status);
        Assert.Equal([a.LocalSilo, b.LocalSilo], row.Entry.Suspicions.Select(vote => vote.Voter).Order());
    }

    [Fact]
    public async Task RunProbeRound_TargetHeartbeatStale_SingleVoteDeclaresDeath()
    {
        var (a, _, _, d) = await FourSilosAsync();
        await _cluster.KillAsync(d);

        // Only a probes: its vote is one of two needed until d's heartbeat is older than 4 × IAmAlivePeriod (4 s).
        var rounds = 0;
        while ((await _cluster.RowAsync(d.LocalSilo)).Entry.Status != SiloStatus.Dead && rounds < 10)
        {
            await _cluster.RoundAsync(a);
            rounds++;
        }

        var row = await _cluster.RowAsync(d.LocalSilo);
        Assert.Equal(SiloStatus.Dead, row.Entry.Status);
        Assert.Equal([a.LocalSilo], row.Entry.Suspicions.Select(vote => vote.Voter));
        Assert.Equal(5, rounds);
        Assert.True(_cluster.Clock.GetUtcNow() - row.Entry.IAmAliveTime > _cluster.Options.StaleIAmAliveAge);
    }

    [Fact]
    public async Task RunProbeRound_ManySilosDeclaringAtOnce_LeaveConsistentTableAndAgreeingViews()
    {
        await _cluster.DisposeAsync();
        _cluster = new MembershipTestCluster(new MembershipOptions { NumProbedSilos = 5 });
        var silos = await _cluster.JoinAsync(1, 2, 3, 4, 5, 6);
        var dead = new[] { silos[4], silos[5] };
        var survivors = silos[..4];
        foreach (var silo in dead)
        {
            await _cluster.KillAsync(silo);
        }

        for (var round = 0; round < 3; round++)
        {
            _cluster.Clock.Advance(_cluster.Options.ProbePeriod);
            await Task.WhenAll(survivors.Select(silo => Task.Run(() => silo.WriteHeartbeatAsync())));
            await Task.WhenAll(survivors.Select(silo => Task.Run(() => silo.RunProbeRoundAsync())));
            await Task.WhenAll(survivors.Select(silo => Task.Run(() => silo.RefreshAsync())));
        }

        await _cluster.RefreshAllAsync();
        var snapshot = await _cluster.Table.ReadAllAsync();
        foreach (var silo in dead)
        {
            var row = snapshot.Rows.Single(r => r.Entry.Address == silo.LocalSilo);
            Assert.Equal(SiloStatus.Dead, row.Entry.Status);
            var voters = row.Entry.Suspicions.Select(vote => vote.Voter).ToList();
            Assert.Equal(voters.Count, voters.Distinct().Count());
            Assert.InRange(voters.Count, _cluster.Options.VotesForDeathDeclaration, survivors.Length);
            Assert.All(voters, voter => Assert.Contains(voter, survivors.Select(s => s.LocalSilo)));
        }

        foreach (var silo in survivors)
        {
            var row = snapshot.Rows.Single(r => r.Entry.Address == silo.LocalSilo);
            Assert.Equal(SiloStatus.Active, row.Entry.Status);
            Assert.Empty(row.Entry.Suspicions);
            Assert.Equal(snapshot.Version, silo.CurrentView.Version);
            Assert.Equal(survivors.Select(s => s.LocalSilo), silo.CurrentView.ActiveSilos);
        }
    }

    [Fact]
    public async Task ShutdownAsync_Graceful_GoesShuttingDownThenDeadWithoutSuspicionsOrDeclaredDead()
    {
        var (a, b, c) = await ThreeSilosAsync();
        await _cluster.Directory.RegisterAsync(new GrainId("G", "on-b"), b.LocalSilo);
        var changes = a.Subscribe();
        var declaredDead = false;
        b.DeclaredDead += (_, _) => declaredDead = true;

        await b.MarkShuttingDownAsync();
        await a.RefreshAsync();
        var whileLeaving = a.CurrentView.StatusOf(b.LocalSilo);
        _cluster.Network.ClearProbes();
        await _cluster.RoundAsync();
        var probesWhileLeaving = _cluster.Network.Probes;
        await b.ShutdownAsync();
        await a.RefreshAsync();

        Assert.Equal(SiloStatus.ShuttingDown, whileLeaving);
        Assert.DoesNotContain(probesWhileLeaving, probe => probe.From == b.LocalSilo);
        var row = await _cluster.RowAsync(b.LocalSilo);
        Assert.Equal(SiloStatus.Dead, row.Entry.Status);
        Assert.Empty(row.Entry.Suspicions);
        Assert.False(declaredDead);
        Assert.Equal(MembershipPhase.Left, b.Phase);
        Assert.Equal([a.LocalSilo, c.LocalSilo], a.CurrentView.ActiveSilos);
        Assert.Null(await _cluster.Directory.LookupAsync(new GrainId("G", "on-b")));
        var seen = new List<(SiloStatus Status, SiloStatus? Previous)>();
        while (changes.TryRead(out var change))
        {
            if (change.Silo == b.LocalSilo)
            {
                seen.Add((change.Status, change.PreviousStatus));
            }
        }

        Assert.Equal([(SiloStatus.ShuttingDown, SiloStatus.Active), (SiloStatus.Dead, SiloStatus.ShuttingDown)], seen);

        // Nobody suspects a silo that left: the survivors go on probing each other only.
        await _cluster.RoundAsync();
        await _cluster.RoundAsync();
        Assert.Equal(SiloStatus.Active, (await _cluster.RowAsync(a.LocalSilo)).Entry.Status);
        Assert.Empty((await _cluster.RowAsync(b.LocalSilo)).Entry.Suspicions);
    }

    [Fact]
    public async Task JoinAsync_RestartOnSameEndpoint_NewGenerationIsNewMemberAndOldGenerationCountsDead()
    {
        var (a, _, c) = await ThreeSilosAsync();
        await _cluster.Directory.RegisterAsync(new GrainId("G", "on-old-c"), c.LocalSilo);
        await _cluster.KillAsync(c);

        var restarted = _cluster.Create(3, generation: 2);
        await restarted.JoinAsync();
        await a.RefreshAsync();

        Assert.Equal(c.LocalSilo.Host, restarted.LocalSilo.Host);
        Assert.Equal(c.LocalSilo.Port, restarted.LocalSilo.Port);
        Assert.Equal(SiloStatus.Dead, a.CurrentView.StatusOf(c.LocalSilo));
        Assert.Equal(SiloStatus.Active, a.CurrentView.StatusOf(restarted.LocalSilo));
        Assert.Equal([Address(1), Address(2), Address(3, generation: 2)], a.CurrentView.ActiveSilos);
        var oldRow = await _cluster.RowAsync(c.LocalSilo);
        Assert.Equal(SiloStatus.Dead, oldRow.Entry.Status);
        Assert.Empty(oldRow.Entry.Suspicions);
        Assert.Null(await _cluster.Directory.LookupAsync(new GrainId("G", "on-old-c")));

        // Once every silo has read the table, the new generation probes and is probed like any member, and nobody
        // probes or votes on the old one.
        await _cluster.RefreshAllAsync();
        _cluster.Network.ClearProbes();
        await _cluster.RoundAsync();
        await _cluster.RoundAsync();
        Assert.Equal(SiloStatus.Active, (await _cluster.RowAsync(restarted.LocalSilo)).Entry.Status);
        Assert.Contains(_cluster.Network.Probes, probe => probe.To == restarted.LocalSilo);
        Assert.DoesNotContain(_cluster.Network.Probes, probe => probe.To == c.LocalSilo);
        Assert.Empty((await _cluster.RowAsync(c.LocalSilo)).Entry.Suspicions);
    }

    [Fact]
    public async Task StatusOf_NewerGenerationRowOnSameEndpoint_OldGenerationIsDeadBeforeAnyoneWritesIt()
    {
        var (a, _, c) = await ThreeSilosAsync();
        await _cluster.KillAsync(c);

        // The row of the new generation is all it takes: a view with both already treats the old one as dead.
        var now = _cluster.Clock.GetUtcNow();
        var snapshot = await _cluster.Table.ReadAllAsync();
        Assert.True(await _cluster.Table.InsertRowAsync(new MembershipEntry(Address(3, 2), "silo3", SiloStatus.Joining, 0, now, now, []), snapshot.Version));
        await a.RefreshAsync();

        Assert.Equal(SiloStatus.Active, (await _cluster.RowAsync(c.LocalSilo)).Entry.Status);
        Assert.Equal(SiloStatus.Dead, a.CurrentView.StatusOf(c.LocalSilo));
        Assert.DoesNotContain(c.LocalSilo, a.CurrentView.ActiveSilos);
    }

    [Fact]
    public async Task RunProbeRound_SixSilosProbingThreeEach_EachProbesItsNextThreeNeighbours()
    {
        var silos = await _cluster.JoinAsync(1, 2, 3, 4, 5, 6);
        _cluster.Network.ClearProbes();

        await _cluster.RoundAsync();

        for (var i = 0; i < silos.Length; i++)
        {
            var expected = Enumerable.Range(1, 3).Select(step => silos[(i + step) % silos.Length].LocalSilo);
            Assert.Equal(expected, _cluster.Network.Probes.Where(probe => probe.From == silos[i].LocalSilo).Select(probe => probe.To));
        }
    }

    [Fact]
    public async Task RunProbeRound_ProbeHangsIgnoringCancellation_CountsAsMissedAfterProbeTimeout()
    {
        var silos = await _cluster.JoinAsync(1, 2);
        _cluster.Network.Hang(silos[1].LocalSilo);

        for (var round = 1; round <= 2; round++)
        {
            var probing = silos[0].RunProbeRoundAsync();
            Assert.False(probing.IsCompleted);
            _cluster.Clock.Advance(_cluster.Options.ProbeTimeout);
            await probing.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var row = await _cluster.RowAsync(silos[1].LocalSilo);
        Assert.Equal(SiloStatus.Dead, row.Entry.Status);
        Assert.Equal(Start + (2 * _cluster.Options.ProbeTimeout), row.Entry.Suspicions.Single().Time);
    }

    [Fact]
    public async Task Subscribe_SiloJoinsThenDies_ReceivesActiveThenDeadAndCompletesOnCancel()
    {
        var a = (await _cluster.JoinAsync(1))[0];
        using var cancel = new CancellationTokenSource();
        var changes = a.Subscribe(cancel.Token);
        var events = new List<MembershipChange>();
        a.SiloStatusChanged += (_, change) => events.Add(change);

        var b = (await _cluster.JoinAsync(2))[0];
        await _cluster.KillAsync(b);
        await _cluster.RoundAsync();
        await _cluster.RoundAsync();
        await cancel.CancelAsync();

        var received = new List<MembershipChange>();
        await foreach (var change in changes.ReadAllAsync().WithCancellation(CancellationToken.None))
        {
            received.Add(change);
        }

        Assert.Equal(
            [(b.LocalSilo, SiloStatus.Active, (SiloStatus?)null), (b.LocalSilo, SiloStatus.Dead, SiloStatus.Active)],
            received.Select(change => (change.Silo, change.Status, change.PreviousStatus)));
        Assert.Equal(received.Select(change => (change.Silo, change.Status)), events.Select(change => (change.Silo, change.Status)));
        Assert.Equal(SiloStatus.Dead, received[^1].View.StatusOf(b.LocalSilo));
    }

    [Fact]
    public async Task SiloStatusChanged_HandlerThrows_OtherHandlersAndProtocolCarryOn()
    {
        var a = (await _cluster.JoinAsync(1))[0];
        var seen = 0;
        a.SiloStatusChanged += (_, _) => throw new InvalidOperationException("handler bug");
        a.SiloStatusChanged += (_, _) => Interlocked.Increment(ref seen);

        var b = (await _cluster.JoinAsync(2))[0];
        await a.RefreshAsync();

        Assert.Equal(1, seen);
        Assert.Equal([a.LocalSilo, b.LocalSilo], a.CurrentView.ActiveSilos);
    }

    [Fact]
    public async Task JoinAsync_CalledTwice_ThrowsInvalidOperationException()
    {
        var a = (await _cluster.JoinAsync(1))[0];

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => a.JoinAsync());

        Assert.Contains("already joined", error.Message);
    }

    [Fact]
    public async Task JoinAsync_AddressAlreadyDeadInTable_ThrowsNamingTheFix()
    {
        var a = (await _cluster.JoinAsync(1))[0];
        await a.ShutdownAsync();

        var again = _cluster.Create(1);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => again.JoinAsync());

        Assert.Contains("new generation", error.Message);
    }

    [Fact]
    public async Task JoinAsync_ManySilosAtOnce_AllJoinActive()
    {
        var silos = Enumerable.Range(1, 8).Select(index => _cluster.Create(index)).ToArray();

        await Task.WhenAll(silos.Select(silo => Task.Run(() => silo.JoinAsync())));
        await _cluster.RefreshAllAsync();

        var snapshot = await _cluster.Table.ReadAllAsync();
        Assert.Equal(8, snapshot.Rows.Count(row => row.Entry.Status == SiloStatus.Active));
        Assert.All(silos, silo => Assert.Equal(8, silo.CurrentView.ActiveSilos.Count));
    }

    [Fact]
    public async Task RunProbeRound_SiloRecoversAfterOneMissedProbe_IsNotSuspected()
    {
        var (a, b, _) = await ThreeSilosAsync();

        _cluster.Network.Partition(a.LocalSilo, b.LocalSilo);
        await _cluster.RoundAsync();
        _cluster.Network.Heal(a.LocalSilo, b.LocalSilo);
        await _cluster.RoundAsync();
        _cluster.Network.Partition(a.LocalSilo, b.LocalSilo);
        await _cluster.RoundAsync();

        // Misses must be consecutive: miss, answer, miss is not two in a row.
        Assert.All((await _cluster.Table.ReadAllAsync()).Rows, row => Assert.Empty(row.Entry.Suspicions));
    }

    private async Task<(MembershipService A, MembershipService B, MembershipService C)> ThreeSilosAsync()
    {
        var silos = await _cluster.JoinAsync(1, 2, 3);
        return (silos[0], silos[1], silos[2]);
    }

    private async Task<(MembershipService A, MembershipService B, MembershipService C, MembershipService D)> FourSilosAsync()
    {
        var silos = await _cluster.JoinAsync(1, 2, 3, 4);
        return (silos[0], silos[1], silos[2], silos[3]);
    }
}
