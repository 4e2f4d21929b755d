using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Grains.Hosting;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Specs;
using Orleans.Pipeline.Tasks;
using Orleans.Pipeline.TestKit;
using Orleans.Pipeline.TestKit.Cluster;

namespace Orleans.Pipeline.Bench.Pipeline;

/// <summary>
/// The peer workloads as pipeline jobs on an embedded 2-silo cluster (default executor slots: one per core), against Dask distributed in the same run: <c>wordcount</c> (the 64 MB, 16-file corpus, 8
/// partitions) and <c>wide_shuffle</c> (64 maps × 64 reduces, 64-byte payloads); plus a single-process C# word count
/// as the floor. Each figure is the median of the repeats; every result is checked.
/// </summary>
public static class PipelineBenchmarks
{
    private const int Partitions = 8;
    private const int ShuffleWidth = 64;
    private const int PayloadBytes = 64;

    public static async Task RunAsync(TextWriter output, bool quick)
    {
        var repeats = quick ? 1 : 3;
        var corpus = Path.Combine(Path.GetTempPath(), "orleans-pipeline-corpus");
        await PeerBenchmark.EnsureCorpusAsync(corpus);
        WordCountFloor.Run(corpus);
        var floorRuns = Enumerable.Range(0, repeats).Select(_ => WordCountFloor.Run(corpus)).ToList();
        var expected = floorRuns[0].Counts;
        var floor = Median(floorRuns.Select(r => r.Elapsed.TotalSeconds));

        // Declared before the cluster, so it is deleted after the cluster stops.
        using var data = new TemporaryDirectory("bench-pipeline");
        await using var cluster = await StartClusterAsync(data.Path);
        var nodes = cluster.RunningSilos.Select(s => s.Name).ToArray();
        var files = Directory.GetFiles(corpus, "part-*.txt").Order(StringComparer.Ordinal).ToArray();

        var wordcount = new List<double>();
        for (var r = 0; r < repeats + 1; r++)
        {
            var builder = JobSpec.Create("wordcount");
            for (var f = 0; f < files.Length; f++)
            {
                builder.Input(0, Location.OnNode(nodes[f % nodes.Length], files[f]));
            }

            var spec = builder
                .Stage("map", Grouping.Split, TaskRef.Function("wordcount_map", ("partitions", Partitions.ToString(CultureInfo.InvariantCulture))))
                .Stage("reduce", Grouping.GroupLabel, TaskRef.Function("wordcount_reduce"))
                .Build();
            var (seconds, id) = await RunJobAsync(cluster, spec);
            await VerifyWordCountAsync(cluster, id, expected);
            if (r > 0)
            {
                wordcount.Add(seconds);
            }
        }

        var shuffle = new List<double>();
        for (var r = 0; r < repeats + 1; r++)
        {
            var (seconds, id) = await RunJobAsync(cluster, ShuffleSpec());
            await VerifyShuffleAsync(cluster, id);
            if (r > 0)
            {
                shuffle.Add(seconds);
            }
        }

        var peer = new Dictionary<string, double>();
        foreach (var saturation in new[] { "default", "inf" })
        {
            foreach (var (workload, seconds) in await PeerBenchmark.RunDaskAsync(corpus, ["wordcount", "wide_shuffle"], saturation, repeats))
            {
                peer[workload] = peer.TryGetValue(workload, out var best) ? Math.Min(best, seconds) : seconds;
            }
        }

        var ours = new Dictionary<string, double> { ["wordcount"] = Median(wordcount), ["wide_shuffle"] = Median(shuffle) };
        foreach (var (workload, seconds) in ours)
        {
            var peerSeconds = peer.GetValueOrDefault(workload, double.NaN);
            await output.WriteLineAsync(FormattableString.Invariant(
                $"{{\"benchmark\":\"pipeline_{workload}\",\"median_s\":{seconds:F3},\"peer_dask_best_median_s\":{peerSeconds:F3},\"speedup_vs_peer\":{peerSeconds / seconds:F2},\"repeats\":{repeats}}}"));
        }

        await output.WriteLineAsync(FormattableString.Invariant(
            $"{{\"benchmark\":\"wordcount_floor_single_process\",\"median_s\":{floor:F3},\"pipeline_over_floor\":{ours["wordcount"] / floor:F2}}}"));
    }

    /// <summary>The benchmark's cluster: 2 silos, default executor slots, their data under <paramref name="dataRoot"/>; the shuffle's functions registered.</summary>
    internal static async Task<TestCluster> StartClusterAsync(string dataRoot)
    {
        var cluster = await TestCluster.StartAsync(o =>
        {
            o.InitialSilos = 2;
            o.ConfigureSiloServices = (name, services) => services.AddPipeline(p =>
            {
                p.DataDirectory = Path.Combine(dataRoot, name);
            });
        });
        RegisterShuffleFunctions(cluster);
        return cluster;
    }

    /// <summary>The wide shuffle's job: <see cref="ShuffleWidth"/> inline inputs, a split map stage and a group_label reduce stage.</summary>
    internal static JobSpec ShuffleSpec()
    {
        var builder = JobSpec.Create("wide_shuffle");
        for (var m = 0; m < ShuffleWidth; m++)
        {
            builder.InlineInputs(m, m.ToString(CultureInfo.InvariantCulture));
        }

        return builder
            .Stage("map", Grouping.Split, TaskRef.Function("shuffle_map"))
            .Stage("reduce", Grouping.GroupLabel, TaskRef.Function("shuffle_reduce"))
            .Build();
    }

    internal static async Task<(double Seconds, string Id)> RunJobAsync(TestCluster cluster, JobSpec spec)
    {
        var id = $"{spec.Name}-{Guid.NewGuid():N}";
        var job = cluster.Client.GetGrain<IJobGrain>(id);
        var clock = Stopwatch.StartNew();
        await job.SubmitAsync(spec);
        while (await job.WaitAsync(TimeSpan.FromSeconds(10)) == JobStatus.Running)
        {
        }

        clock.Stop();
        var view = await job.GetViewAsync();
        return view.Status == JobStatus.Succeeded
            ? (clock.Elapsed.TotalSeconds, id)
            : throw new InvalidOperationException($"Job {id} ended {view.Status}: {view.Error}");
    }

    private static async Task VerifyWordCountAsync(TestCluster cluster, string id, Dictionary<string, long> expected)
    {
        var job = cluster.Client.GetGrain<IJobGrain>(id);
        var results = await job.GetResultsAsync();
        var counted = 0L;
        var distinct = 0;
        for (var i = 0; i < results.Count; i++)
        {
            foreach (var line in (await ReadAllAsync(job, i)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                var count = long.Parse(line.AsSpan(tab + 1), CultureInfo.InvariantCulture);
                if (expected.GetValueOrDefault(line[..tab]) != count)
                {
                    throw new InvalidOperationException($"Job {id} counted '{line[..tab]}' {count} times; the floor counted {expected.GetValueOrDefault(line[..tab])}.");
                }

                counted += count;
                distinct++;
            }
        }

        if (distinct != expected.Count || counted != expected.Values.Sum())
        {
            throw new InvalidOperationException($"Job {id} counted {distinct} distinct words ({counted} in all); the floor {expected.Count} ({expected.Values.Sum()}).");
        }
    }

    internal static async Task VerifyShuffleAsync(TestCluster cluster, string id)
    {
        var job = cluster.Client.GetGrain<IJobGrain>(id);
        var results = await job.GetResultsAsync();
        if (results.Count != ShuffleWidth)
        {
            throw new InvalidOperationException($"Job {id} has {results.Count} reducer outputs, not {ShuffleWidth}.");
        }

        for (var i = 0; i < results.Count; i++)
        {
            var text = (await ReadAllAsync(job, i)).Trim();
            if (text != (ShuffleWidth * PayloadBytes).ToString(CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException($"Reducer {results[i].Label} of job {id} received {text} bytes, not {ShuffleWidth * PayloadBytes}.");
            }
        }
    }

    private static async Task<string> ReadAllAsync(IJobGrain job, int index)
    {
        using var content = new MemoryStream();
        for (long offset = 0; ;)
        {
            var chunk = await job.ReadResultAsync(index, offset, 1 << 20);
            if (chunk.Length == 0)
            {
                return Encoding.UTF8.GetString(content.ToArray());
            }

            content.Write(chunk);
            offset += chunk.Length;
        }
    }

    /// <summary>The shuffle's tasks: each map writes one 64-byte payload to each of 64 labels; each reduce counts the bytes it got.</summary>
    private static void RegisterShuffleFunctions(TestCluster cluster)
    {
        var payload = new byte[PayloadBytes];
        Array.Fill(payload, (byte)'x');
        foreach (var silo in cluster.RunningSilos)
        {
            var catalog = silo.Services.GetRequiredService<TaskFunctionCatalog>();
            catalog.Register("shuffle_map", async (context, token) =>
            {
                for (var label = 0; label < ShuffleWidth; label++)
                {
                    await using var stream = context.Outputs.OpenWrite(label);
                    await stream.WriteAsync(payload, token);
                }
            });
            catalog.Register(
                "shuffle_reduce",
                async (context, token) =>
                {
                    long bytes = 0;
                    var buffer = new byte[4096];
                    await foreach (var input in context.Inputs.ReadAllAsync(token))
                    {
                        await using var stream = await input.OpenReadAsync(token);
                        int read;
                        while ((read = await stream.ReadAsync(buffer, token)) > 0)
                        {
                            bytes += read;
                        }
                    }

                    await using var output = context.Outputs.OpenWrite(context.GroupLabel);
                    await output.WriteAsync(Encoding.UTF8.GetBytes(bytes.ToString(CultureInfo.InvariantCulture) + "\n"), token);
                },
                needsAllInputs: true);
        }
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
