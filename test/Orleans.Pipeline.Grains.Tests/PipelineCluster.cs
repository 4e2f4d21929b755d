using System.Text;
using Orleans.Pipeline.Grains.Hosting;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Specs;
using Orleans.Pipeline.TestKit.Cluster;

namespace Orleans.Pipeline.Grains.Tests;

/// <summary>A 3-silo test cluster running pipeline jobs; each silo has its own data directory, like separate machines.</summary>
public sealed class PipelineCluster : IAsyncDisposable
{
    private readonly string _root;

    private PipelineCluster(TestCluster cluster, string root)
    {
        Cluster = cluster;
        _root = root;
    }

    public TestCluster Cluster { get; }

    /// <summary>Starts the cluster; <paramref name="allowsPrograms"/> says by silo name which silos run external programs (default: all).</summary>
    public static async Task<PipelineCluster> StartAsync(int silos = 3, Action<TestClusterOptions>? configure = null, Func<string, bool>? allowsPrograms = null)
    {
        TestCluster? cluster = null;
        var root = Path.Combine(Path.GetTempPath(), $"pipeline-{Guid.NewGuid():N}");
        cluster = await TestCluster.StartAsync(o =>
        {
            o.InitialSilos = silos;
            o.ConfigureSiloServices = (name, services) => services.AddPipeline(
                p =>
                {
                    p.DataDirectory = Path.Combine(root, name);
                    p.ExecutorSlots = 2;
                    p.RetryBackoff = TimeSpan.FromMilliseconds(50);
                    p.HealthCheckPeriod = TimeSpan.FromMilliseconds(250);
                },
                t => t.AllowExternalPrograms = allowsPrograms?.Invoke(name) ?? true);
            configure?.Invoke(o);
        });
        return new PipelineCluster(cluster, root);
    }

    /// <summary>Writes a file into a silo's data directory (an input "on that node") and returns its location.</summary>
    public Location WriteInput(string node, string name, string content)
    {
        var directory = Path.Combine(Cluster.Directory, "inputs", node);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return Location.OnNode(node, path);
    }

    public IJobGrain Job(string id) => Cluster.Client.GetGrain<IJobGrain>(id);

    /// <summary>The output files of a job on every running silo (each keeps them under its data directory's <c>jobs/JOB</c>).</summary>
    public string[] OutputFilesOf(string jobId) =>
    [
        .. Cluster.RunningSilos
            .Select(s => Path.Combine(_root, s.Name, "jobs", jobId))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories)),
    ];

    /// <summary>Registers a test function on every running silo (names must be new).</summary>
    public void RegisterFunction(string name, Func<Tasks.TaskContext, CancellationToken, Task> run, bool needsAllInputs = false)
    {
        foreach (var silo in Cluster.RunningSilos)
        {
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
                .GetRequiredService<Tasks.TaskFunctionCatalog>(silo.Services)
                .Register(name, run, needsAllInputs);
        }
    }

    /// <summary>Copies every input to an output with the same label (what the built-in identity does), as a delegate tests can wrap.</summary>
    public static async Task CopyAsync(Tasks.TaskContext context, CancellationToken cancellationToken)
    {
        await foreach (var input in context.Inputs.ReadAllAsync(cancellationToken))
        {
            await using var source = await input.OpenReadAsync(cancellationToken);
            await using var target = context.Outputs.OpenWrite(input.Label);
            await source.CopyToAsync(target, cancellationToken);
        }
    }

    /// <summary>Submits <paramref name="spec"/> and waits until the job ends.</summary>
    public async Task<JobView> RunAsync(string id, JobSpec spec, TimeSpan? timeout = null)
    {
        await Job(id).SubmitAsync(spec);
        return await WaitForEndAsync(id, timeout);
    }

    public async Task<JobView> WaitForEndAsync(string id, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            if (await Job(id).WaitAsync(TimeSpan.FromSeconds(1)) is not JobStatus.Running)
            {
                return await Job(id).GetViewAsync();
            }

            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                var view = await Job(id).GetViewAsync();
                throw new TimeoutException($"Job {id} did not end: {string.Join(" | ", view.Events.TakeLast(10).Select(e => e.Message))}");
            }
        }
    }

    /// <summary>Waits until the job's view satisfies <paramref name="condition"/>; fails if the job ends first or the deadline passes.</summary>
    public async Task<JobView> WaitUntilAsync(string id, Func<JobView, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            var view = await Job(id).GetViewAsync();
            if (condition(view))
            {
                return view;
            }

            if (view.Status != JobStatus.Running || TimeProvider.System.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Job {id} ({view.Status}, {view.Error}) never reached the awaited state: {string.Join(" | ", view.Events.TakeLast(10).Select(e => e.Message))}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Every result of the job, downloaded through the silos that hold them, as text by label.</summary>
    public async Task<List<(int Label, string Text)>> ReadResultsAsync(string id)
    {
        var job = Job(id);
        var results = await job.GetResultsAsync();
        var texts = new List<(int, string)>();
        for (var i = 0; i < results.Count; i++)
        {
            using var content = new MemoryStream();
            for (long offset = 0; ; )
            {
                var chunk = await job.ReadResultAsync(i, offset, 1 << 20);
                if (chunk.Length == 0)
                {
                    break;
                }

                content.Write(chunk);
                offset += chunk.Length;
            }

            texts.Add((results[i].Label, Encoding.UTF8.GetString(content.ToArray())));
        }

        return texts;
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
