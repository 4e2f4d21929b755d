using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime.Client;
using Orleans.Pipeline.Runtime.Messaging;
using Orleans.Pipeline.Runtime.Networking;
using Orleans.Pipeline.Runtime.Tests.Grains;
using Orleans.Pipeline.Runtime.Tests.Support;
using Orleans.Pipeline.TestKit.Cluster;

namespace Orleans.Pipeline.Runtime.Tests.Cluster;

/// <summary>Three silos in this process over loopback TCP, one SQLite cluster database, a client through a gateway.</summary>
[Trait("Category", "Cluster")]
public sealed class ClusterTests : IAsyncLifetime
{
    private readonly LiveActivations _live = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(o =>
    {
        o.GrainAssemblies.Add(typeof(ClusterTests).Assembly);
        o.ConfigureServices = services =>
        {
            services.AddSingleton(new ActivationLog());
            services.AddSingleton(_live);
        };
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Client_CallsManyGrains_ActivationsSpreadOverAllSilosOncePerGrain()
    {
        var reports = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => _cluster.Client.GetGrain<ISentinelGrain>($"spread-{i}").TouchAsync()));

        Assert.All(reports, r => Assert.Equal(1, r.Activations));
        var perSilo = reports.GroupBy(r => r.Silo).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, perSilo.Count);
        Assert.All(perSilo.Values, count => Assert.InRange(count, 30, 240));
        var hosted = _cluster.RunningSilos.SelectMany(s => s.Silo.GetActivations()).Where(id => id.Type == "sentinel").ToList();
        Assert.Equal(300, hosted.Count);
        Assert.Equal(300, hosted.Distinct().Count());
        Assert.Empty(_live.Violations);
    }

    [Fact]
    public async Task GrainCall_FromGrainOnOneSiloToGrainOnAnother_ReturnsAndPersists()
    {
        var counters = Enumerable.Range(0, 30).Select(i => _cluster.Client.GetGrain<ICounterGrain>($"cross-{i}")).ToArray();
        var relays = Enumerable.Range(0, 30).Select(i => _cluster.Client.GetGrain<IRelayGrain>($"relay-{i}")).ToArray();

        var results = await Task.WhenAll(relays.Select((relay, i) => relay.AddThroughAsync(counters[i], i + 1)));

        Assert.Equal(Enumerable.Range(1, 30), results);
        var where = _cluster.RunningSilos.SelectMany(s => s.Silo.GetActivations().Select(id => (id, s.Name))).ToDictionary(x => x.id, x => x.Name);
        var crossSilo = Enumerable.Range(0, 30).Count(i => where[GrainId.Create("relay", $"relay-{i}")] != where[GrainId.Create("counter", $"cross-{i}")]);
        Assert.True(crossSilo > 0, "with 30 pairs over 3 silos some calls cross silos");
        Assert.Equal(7, await counters[6].GetAsync());
    }

    [Fact]
    public async Task GrainCall_FromInsideASilo_ReachesGrainsOnOtherSilos()
    {
        var inside = _cluster.Silos[1].GrainFactory;

        var reports = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => inside.GetGrain<ISentinelGrain>($"inside-{i}").TouchAsync()));

        Assert.True(reports.Select(r => r.Silo).Distinct().Count() > 1);
        Assert.All(reports, r => Assert.Equal(1, r.Calls));
        var again = await _cluster.Client.GetGrain<ISentinelGrain>("inside-5").TouchAsync();
        Assert.Equal(2, again.Calls);
        Assert.Equal(reports[5].Silo, again.Silo);
    }

    [Fact]
    public async Task GrainException_OnAnotherSilo_ReachesTheClientWithTypeAndMessage()
    {
        var grain = _cluster.Client.GetGrain<IFaultyGrain>(99);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.ThrowAsync("remote failure text", afterAwait: true));

        Assert.Contains("remote failure text", error.Message);
        Assert.Equal(100, await grain.PingAsync(99));
    }

    [Fact]
    public async Task Client_WithWrongSecret_CannotConnect()
    {
        var options = new ClientOptions { ClusterId = _cluster.ClusterId, ClusterSecret = "not the secret", ConnectTimeout = TimeSpan.FromSeconds(5) };
        options.Gateways.Add($"{_cluster.Silos[0].Address.Host}:{_cluster.Silos[0].Address.Port}");
        await using var intruder = new ClusterClient(options);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => intruder.ConnectAsync());

        Assert.True(error is SiloUnavailableException or OperationCanceledException or TransportException, error.ToString());
        Assert.Equal(1, (await _cluster.Client.GetGrain<ISentinelGrain>("after-intruder").TouchAsync()).Calls);
    }

    [Fact]
    public async Task Silo_ReceivingGarbageBytes_KeepsServing()
    {
        var target = _cluster.Silos[0].Address;
        using (var raw = new System.Net.Sockets.TcpClient())
        {
            await raw.ConnectAsync(target.Host, target.Port);
            var garbage = new byte[4096];
            Random.Shared.NextBytes(garbage);
            await raw.GetStream().WriteAsync(garbage);
        }

        await using var client = await _cluster.ConnectClientAsync();
        var reports = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.GetGrain<ISentinelGrain>($"garbage-{i}").TouchAsync()));
        Assert.All(reports, r => Assert.Equal(1, r.Calls));
    }

    [Fact]
    public async Task SiloPinnedGrain_KeyNamesTheSilo_ActivatesThere()
    {
        foreach (var silo in _cluster.RunningSilos)
        {
            var pinned = _cluster.Client.GetGrain<IPinnedGrain>(Placement.SiloPinnedKey.Create(silo.Address.ToString(), "probe"));
            Assert.Equal(silo.Name, await pinned.WhereAsync());
        }
    }
}
