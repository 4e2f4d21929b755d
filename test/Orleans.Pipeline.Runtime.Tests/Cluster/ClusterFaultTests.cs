using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Messaging;
using Orleans.Pipeline.Runtime.Tests.Grains;
using Orleans.Pipeline.Runtime.Tests.Support;
using Orleans.Pipeline.TestKit.Cluster;

namespace Orleans.Pipeline.Runtime.Tests.Cluster;

/// <summary>Silos killed, stopped and added while calls run; a fresh cluster per test.</summary>
[Trait("Category", "Fault")]
public sealed class ClusterFaultTests : IAsyncLifetime
{
    private const int GrainCount = 1000;
    private readonly LiveActivations _live = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(o =>
    {
        o.GrainAssemblies.Add(typeof(ClusterFaultTests).Assembly);
        o.ConfigureServices = services =>
        {
            services.AddSingleton(new ActivationLog());
            services.AddSingleton(_live);
        };
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private ISentinelGrain Grain(int i) => _cluster.Client.GetGrain<ISentinelGrain>($"g{i}");

    [Fact]
    public async Task KillSilo_WhileThousandGrainsAreCalled_OnlyItsGrainsFailAndMoveWithTheirState()
    {
        var first = await Task.WhenAll(Enumerable.Range(0, GrainCount).Select(i => Grain(i).TouchAsync()));
        var home = first.Select(r => r.Silo).ToArray();
        var gateway = _cluster.Client.CurrentGateway!.ToString();
        var victim = _cluster.RunningSilos.First(s => $"{s.Address.Host}:{s.Address.Port}" != gateway);
        Assert.Contains(victim.Name, home);

        var load = new CallLoad(GrainCount, Grain);
        load.Start(workers: 16);
        await Wait.UntilAsync(() => load.Successes > 2000, "calls are flowing before the kill");

        await _cluster.KillSiloAsync(victim);
        _live.SiloKilled(victim.Name);
        await _cluster.WaitForLivenessToStabilizeAsync();
        var afterDeath = load.Successes;
        await Wait.UntilAsync(() => load.Successes > afterDeath + 3000, "calls go on after the death was declared", TimeSpan.FromSeconds(60));
        await load.StopAsync();

        var final = await Task.WhenAll(Enumerable.Range(0, GrainCount).Select(i => Grain(i).TouchAsync()));
        for (var i = 0; i < GrainCount; i++)
        {
            var failures = load.FailuresOf(i);
            if (home[i] == victim.Name)
            {
                Assert.NotEqual(victim.Name, final[i].Silo);
                Assert.Equal(2, final[i].Activations);
                var successes = load.SuccessesOf(i) + 2;
                Assert.InRange(final[i].Calls, successes, successes + failures.Count);
            }
            else
            {
                Assert.True(failures.Count == 0, $"grain g{i} on surviving silo {home[i]} failed: {string.Join(" | ", failures)}");
                Assert.Equal(home[i], final[i].Silo);
                Assert.Equal(1, final[i].Activations);
                Assert.Equal(load.SuccessesOf(i) + 2, final[i].Calls);
            }

            Assert.All(failures, f => Assert.DoesNotContain(nameof(Runtime.Persistence.InconsistentStateException), f));
        }

        Assert.Empty(_live.Violations);
    }

    [Fact]
    public async Task StartAdditionalSilo_WhileCallsRun_NoDuplicateActivationAndNewGrainsUseIt()
    {
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Grain(i).TouchAsync()));
        var load = new CallLoad(300, Grain);
        load.Start(workers: 8);

        var joined = await _cluster.StartAdditionalSiloAsync();
        await _cluster.WaitForLivenessToStabilizeAsync();
        var fresh = await Task.WhenAll(Enumerable.Range(5000, 400).Select(i => Grain(i).TouchAsync()));
        await load.StopAsync();

        Assert.Contains(fresh, r => r.Silo == joined.Name);
        Assert.Equal(0, load.TotalFailures);
        Assert.All(fresh, r => Assert.Equal(1, r.Activations));
        var all = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Grain(i).TouchAsync()));
        Assert.All(all, r => Assert.Equal(1, r.Activations));
        Assert.Empty(_live.Violations);
    }

    [Fact]
    public async Task StopSilo_Gracefully_ItsGrainsReactivateElsewhereWithoutFailures()
    {
        var first = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Grain(i).TouchAsync()));
        var gateway = _cluster.Client.CurrentGateway!.ToString();
        var leaving = _cluster.RunningSilos.First(s => $"{s.Address.Host}:{s.Address.Port}" != gateway);

        await _cluster.StopSiloAsync(leaving);
        await _cluster.WaitForLivenessToStabilizeAsync();

        var after = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Grain(i).TouchAsync()));
        for (var i = 0; i < 300; i++)
        {
            Assert.NotEqual(leaving.Name, after[i].Silo);
            Assert.Equal(first[i].Silo == leaving.Name ? 2 : 1, after[i].Activations);
            Assert.Equal(2, after[i].Calls);
        }

        var statuses = _cluster.RunningSilos[0].Silo.Membership!.CurrentView;
        Assert.Equal(SiloStatus.Dead, statuses.StatusOf(leaving.Address));
        Assert.Empty(_live.Violations);
    }

    [Fact]
    public async Task KillSilo_TheClientsGateway_ClientFailsOverAndEveryGrainAnswersAgain()
    {
        var before = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Grain(i).TouchAsync()));
        var gateway = _cluster.Client.CurrentGateway!.ToString();
        var victim = _cluster.RunningSilos.Single(s => $"{s.Address.Host}:{s.Address.Port}" == gateway);

        await _cluster.KillSiloAsync(victim);
        _live.SiloKilled(victim.Name);
        await _cluster.WaitForLivenessToStabilizeAsync();

        var after = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Grain(i).TouchAsync()));
        Assert.NotEqual(gateway, _cluster.Client.CurrentGateway!.ToString());
        for (var i = 0; i < 300; i++)
        {
            Assert.NotEqual(victim.Name, after[i].Silo);
            Assert.Equal(2, after[i].Calls);
            Assert.Equal(before[i].Silo == victim.Name ? 2 : 1, after[i].Activations);
        }

        Assert.Empty(_live.Violations);
    }

    [Fact]
    public async Task KillSilo_PinnedGrainOnIt_FailsFastOnceDeclaredDead()
    {
        var victim = _cluster.RunningSilos[^1];
        var address = victim.Address;
        var pinned = _cluster.Client.GetGrain<IPinnedGrain>(Placement.SiloPinnedKey.Create(address.ToString()));
        Assert.Equal(victim.Name, await pinned.WhereAsync());

        await _cluster.KillSiloAsync(victim);
        await _cluster.WaitForLivenessToStabilizeAsync();

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => pinned.WhereAsync());
        Assert.Contains(address.ToString(), error.Message);
    }

    /// <summary>Workers calling random grains until stopped, recording each grain's successes and failures.</summary>
    private sealed class CallLoad(int grains, Func<int, ISentinelGrain> grain)
    {
        private readonly int[] _successes = new int[grains];
        private readonly ConcurrentDictionary<int, ConcurrentQueue<string>> _failures = new();
        private readonly CancellationTokenSource _stop = new();
        private Task[] _workers = [];
        private long _total;

        public long Successes => Interlocked.Read(ref _total);

        public int TotalFailures => _failures.Values.Sum(q => q.Count);

        public int SuccessesOf(int i) => Volatile.Read(ref _successes[i]);

        public IReadOnlyCollection<string> FailuresOf(int i) => _failures.TryGetValue(i, out var q) ? q : [];

        public void Start(int workers) =>
            _workers = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
            {
                var random = new Random(w);
                while (!_stop.IsCancellationRequested)
                {
                    var i = random.Next(grains);
                    try
                    {
                        await grain(i).TouchAsync();
                        Interlocked.Increment(ref _successes[i]);
                        Interlocked.Increment(ref _total);
                    }
                    catch (Exception error)
                    {
                        _failures.GetOrAdd(i, _ => new()).Enqueue($"{error.GetType().Name}: {error.Message}");
                    }
                }
            })).ToArray();

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_workers);
        }
    }
}
