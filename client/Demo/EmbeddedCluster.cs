using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Grains.Hosting;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Storage.Sqlite;

namespace Orleans.Pipeline.Client.Demo;

/// <summary>
/// A whole cluster in this process, for the demo: silos sharing one SQLite database in a folder, with a random
/// cluster id and secret, each running pipeline tasks with its own data directory like separate machines. Nothing
/// outside the folder is touched; disposing stops the silos (the caller deletes the folder).
/// </summary>
internal sealed class EmbeddedCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly List<(string Name, IHost Host)> _silos = [];

    private EmbeddedCluster(string clusterId, string secret)
    {
        ClusterId = clusterId;
        Secret = secret;
    }

    public string ClusterId { get; }

    public string Secret { get; }

    /// <summary>The silos' names (their pipeline node names), in start order.</summary>
    public IReadOnlyList<string> Nodes => _silos.Select(s => s.Name).ToArray();

    /// <summary>Every silo's gateway, <c>host:port</c>.</summary>
    public IReadOnlyList<string> Gateways =>
        _silos.Select(s => s.Host.Services.GetRequiredService<Silo>().SiloAddress!.Value)
            .Select(a => new IPEndPoint(IPAddress.Parse(a.Host), a.Port).ToString())
            .ToArray();

    /// <summary>Starts <paramref name="silos"/> silos named <c>node0</c>, <c>node1</c>, … in <paramref name="directory"/> and waits until each sees all the others.</summary>
    public static async Task<EmbeddedCluster> StartAsync(string directory, int silos, int slotsPerSilo, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        Directory.CreateDirectory(directory);
        var cluster = new EmbeddedCluster($"demo-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        var database = Path.Combine(directory, "cluster.db");
        try
        {
            for (var i = 0; i < silos; i++)
            {
                var name = $"node{i}";
                var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = directory });
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton(time);
                builder.Services.AddGrainSilo(o => o.SiloName = name);
                builder.Services.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ClusterSecret = cluster.Secret;
                });
                builder.Services.AddSqliteGrainStorage(database);
                builder.Services.AddSqliteClustering(database, cluster.ClusterId);
                builder.Services.AddPipeline(p =>
                {
                    p.DataDirectory = Path.Combine(directory, name);
                    p.ExecutorSlots = slotsPerSilo;
                });
                var host = builder.Build();
                cluster._silos.Add((name, host));
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            await cluster.WaitUntilEverySiloSeesAllAsync(time, cancellationToken).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Stopped in reverse, each with a deadline: the demo is over, a slow goodbye must not hang the console.
        for (var i = _silos.Count - 1; i >= 0; i--)
        {
            var host = _silos[i].Host;
            using var deadline = new CancellationTokenSource(StopTimeout);
            try
            {
                await host.StopAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Past the deadline the silo is abandoned; the process is about to end anyway.
            }

            host.Dispose();
        }

        _silos.Clear();
    }

    private async Task WaitUntilEverySiloSeesAllAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var silos = _silos.Select(s => s.Host.Services.GetRequiredService<Silo>()).ToList();
            if (silos.All(s => s.Membership is { } m && m.CurrentView.ActiveSilos.Count == silos.Count))
            {
                return;
            }

            if (time.GetElapsedTime(started) > StartTimeout)
            {
                throw new CommandException(ExitCodes.Error, $"The demo's {silos.Count} silos did not see each other within {StartTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
