using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Client;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Storage.Postgres;
using Orleans.Pipeline.Runtime.Storage.Sqlite;

namespace Orleans.Pipeline.TestKit.Cluster;

/// <summary>
/// N silos in this process over real loopback sockets, each with its own host and services, sharing one cluster
/// database, plus a connected client. Silos can be added, stopped gracefully, killed (no shutdown code runs, nothing
/// is written) and restarted (a new generation on a new port).
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly TemporaryDirectory _directory = new("test-cluster");
    private readonly List<TestSilo> _silos = [];
    private int _nextSilo;
    private ClusterClient? _client;

    private TestCluster(TestClusterOptions options)
    {
        _options = options;
    }

    public IReadOnlyList<TestSilo> Silos => _silos;

    public IReadOnlyList<TestSilo> RunningSilos => _silos.Where(s => s.IsRunning).ToArray();

    public string ClusterId => _options.ClusterId;

    public string ClusterSecret => _options.ClusterSecret;

    /// <summary>A client connected through the gateways of the running silos.</summary>
    public ClusterClient Client => _client ?? throw new InvalidOperationException("The cluster has no client yet.");

    public static async Task<TestCluster> StartAsync(Action<TestClusterOptions>? configure = null)
    {
        var options = new TestClusterOptions();
        configure?.Invoke(options);
        var cluster = new TestCluster(options);
        try
        {
            for (var i = 0; i < options.InitialSilos; i++)
            {
                await cluster.StartAdditionalSiloAsync();
            }

            await cluster.WaitForLivenessToStabilizeAsync();
            cluster._client = await cluster.ConnectClientAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new client of this cluster, given the running silos' gateways.</summary>
    public async Task<ClusterClient> ConnectClientAsync()
    {
        var options = new ClientOptions { ClusterId = _options.ClusterId, ClusterSecret = _options.ClusterSecret, ResponseTimeout = TimeSpan.FromSeconds(30) };
        foreach (var silo in RunningSilos)
        {
            options.Gateways.Add(new IPEndPoint(IPAddress.Parse(silo.Address.Host), silo.Address.Port).ToString());
        }

        var client = new ClusterClient(options);
        await client.ConnectAsync();
        return client;
    }

    public Task<TestSilo> StartAdditionalSiloAsync() => StartSiloAsync($"silo{_nextSilo++}");

    /// <summary>Starts a silo with the given name (e.g. to bring back a stopped one with its data).</summary>
    public async Task<TestSilo> StartSiloAsync(string name)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddGrainSilo(o =>
        {
            o.SiloName = name;
            o.DeactivationTimeout = TimeSpan.FromSeconds(5);
            foreach (var assembly in _options.GrainAssemblies)
            {
                o.GrainAssemblies.Add(assembly);
            }

            _options.ConfigureSilo?.Invoke(o);
        });
        builder.Services.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = _options.ClusterId;
            o.ClusterSecret = _options.ClusterSecret;
        });
        builder.Services.Configure<MembershipOptions>(o => _options.ConfigureMembership(o));
        if (_options.PostgresConnectionString is { } postgres)
        {
            builder.Services.AddPostgresGrainStorage(postgres);
            builder.Services.AddPostgresClustering(postgres, _options.ClusterId);
        }
        else
        {
            var database = _directory.GetPath("cluster.db");
            builder.Services.AddSqliteGrainStorage(database);
            builder.Services.AddSqliteClustering(database, _options.ClusterId);
        }

        _options.ConfigureServices?.Invoke(builder.Services);
        _options.ConfigureSiloServices?.Invoke(name, builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        var silo = new TestSilo(name, host);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>A graceful stop: the silo deactivates its grains and leaves the cluster.</summary>
    public async Task StopSiloAsync(TestSilo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.IsRunning = false;
        await silo.Host.StopAsync();
        silo.Host.Dispose();
    }

    /// <summary>A crash: nothing of the silo's shutdown runs; the others must detect it.</summary>
    public async Task KillSiloAsync(TestSilo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.IsRunning = false;
        await silo.Silo.KillAsync();
        silo.Host.Dispose();
    }

    /// <summary>Stops a silo gracefully and starts a new one in its place: same name and services, a new generation.</summary>
    public async Task<TestSilo> RestartSiloAsync(TestSilo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await StopSiloAsync(silo);
        return await StartSiloAsync(silo.Name);
    }

    /// <summary>The folder this cluster keeps its database and files in; deleted with the cluster.</summary>
    public string Directory => _directory.Path;

    /// <summary>Waits until every running silo's view shows exactly the running silos as active.</summary>
    public async Task WaitForLivenessToStabilizeAsync(TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            var running = RunningSilos.Select(s => s.Address).OrderBy(a => a).ToArray();
            if (RunningSilos.All(s => s.Silo.Membership!.CurrentView.ActiveSilos.OrderBy(a => a).SequenceEqual(running)))
            {
                return;
            }

            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                var views = string.Join("; ", RunningSilos.Select(s => $"{s.Name}: {s.Silo.Membership!.CurrentView}"));
                throw new TimeoutException($"Membership did not stabilize on {running.Length} silos: {views}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        foreach (var silo in _silos.Where(s => s.IsRunning).ToArray())
        {
            try
            {
                await StopSiloAsync(silo);
            }
            catch (Exception error) when (error is OperationCanceledException or InvalidOperationException)
            {
                // Best effort: the test is over.
            }
        }

        _directory.Dispose();
    }
}
