using System.Net;
using Orleans.Pipeline.Grains;
using Orleans.Pipeline.Grains.Hosting;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.TestKit;
using Orleans.Pipeline.TestKit.Cluster;

namespace Orleans.Pipeline.Client.Tests.Support;

/// <summary>
/// A 2-silo test cluster running pipeline jobs (each silo with its own data directory, external programs allowed),
/// shared by the tests of the "client cluster" collection, and the client's command line pointed at it.
/// </summary>
public class ClientCluster : IAsyncLifetime
{
    private readonly TemporaryDirectory _root = new("client-tests");
    private readonly bool _allowPrograms;
    private TestCluster? _cluster;

    public ClientCluster()
        : this(allowPrograms: true)
    {
    }

    protected ClientCluster(bool allowPrograms)
    {
        _allowPrograms = allowPrograms;
    }

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>Where tests keep their job files and downloads; deleted with the fixture.</summary>
    public string Files => _root.GetPath("files");

    /// <summary>The connection options naming this cluster by its gateways.</summary>
    public string[] Connection =>
    [
        .. Cluster.RunningSilos.SelectMany(s => new[] { "--gateway", new IPEndPoint(IPAddress.Parse(s.Address.Host), s.Address.Port).ToString() }),
        "--cluster-id", Cluster.ClusterId,
        "--secret", Cluster.ClusterSecret,
    ];

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(o =>
        {
            o.InitialSilos = 2;
            o.ConfigureSiloServices = (name, services) => services.AddPipeline(
                p =>
                {
                    p.DataDirectory = _root.GetPath(name);
                    p.ExecutorSlots = 2;
                    p.RetryBackoff = TimeSpan.FromMilliseconds(50);
                    p.HealthCheckPeriod = TimeSpan.FromMilliseconds(250);
                },
                t => t.AllowExternalPrograms = _allowPrograms);
        });
        Directory.CreateDirectory(Files);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _root.Dispose();
    }

    /// <summary>Runs the client with <paramref name="args"/> followed by this cluster's connection options.</summary>
    public Task<ClientRun> RunAsync(params string[] args) => ConsoleRunner.RunAsync([.. args, .. Connection]);

    /// <summary>Writes a job file (or any file) among the test files and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Files, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>The job registry's list, read directly.</summary>
    public Task<IReadOnlyList<JobSummary>> ListJobsAsync() => Cluster.Client.GetGrain<IJobRegistryGrain>(JobRegistryGrain.Key).ListAsync();

    public IJobGrain Job(string id) => Cluster.Client.GetGrain<IJobGrain>(id);

    /// <summary>The output files of a job on every running silo (each silo keeps them under its data directory's <c>jobs/JOB</c>).</summary>
    public string[] OutputFilesOf(string jobId) =>
    [
        .. Cluster.RunningSilos
            .Select(s => Path.Combine(_root.GetPath(s.Name), "jobs", jobId))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories)),
    ];
}
