using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Bench.Grains;
using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Storage.Sqlite;

namespace Orleans.Pipeline.Bench;

/// <summary>
/// The grain runtime inside one silo: call throughput with one caller and with many, activation rate, and
/// persisted writes on SQLite (one grain writing in turn, and many grains writing at once). Each figure is one JSON line
/// on standard output.
/// </summary>
public static class RuntimeBenchmarks
{
    public static async Task RunAsync(TextWriter output, bool quick)
    {
        var scale = quick ? 10 : 1;
        var database = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.db");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrainSilo(o => o.GrainAssemblies.Add(typeof(PingGrain).Assembly));
        builder.Services.AddSqliteGrainStorage(database);
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var storage = (AdoNetGrainStorage)host.Services.GetRequiredService<IGrainStorage>();
        try
        {
            await OneCallerAsync(grains, output, 400_000 / scale);
            await ManyCallersAsync(grains, output, callers: 512, grainCount: 256, totalCalls: 4_000_000 / scale);
            await ActivationsAsync(grains, output, 100_000 / scale);
            await OneWriterAsync(grains, storage, output, writes: 2_000 / Math.Min(scale, 4));
            await PersistedWritesAsync(grains, storage, output, writers: 64, writesEach: 100 / Math.Min(scale, 4));
            await PersistedWritesAsync(grains, storage, output, writers: 512, writesEach: 20 / Math.Min(scale, 4));
        }
        finally
        {
            await host.StopAsync();
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(database) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    private static async Task OneCallerAsync(IGrainFactory grains, TextWriter output, int calls)
    {
        var grain = grains.GetGrain<IPingGrain>(0);
        await grain.PingAsync(0);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            await grain.PingAsync(i);
        }

        Report(output, "grain_calls_one_caller", calls, clock.Elapsed, "calls");
    }

    private static async Task ManyCallersAsync(IGrainFactory grains, TextWriter output, int callers, int grainCount, int totalCalls)
    {
        var targets = Enumerable.Range(1, grainCount).Select(i => grains.GetGrain<IPingGrain>(i)).ToArray();
        await Task.WhenAll(targets.Select(t => t.PingAsync(0)));
        var perCaller = totalCalls / callers;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var grain = targets[c % targets.Length];
            for (var i = 0; i < perCaller; i++)
            {
                await grain.PingAsync(i);
            }
        })));
        Report(output, "grain_calls_many_callers", perCaller * callers, clock.Elapsed, "calls", $"\"callers\":{callers},\"grains\":{grainCount}");
    }

    private static async Task ActivationsAsync(IGrainFactory grains, TextWriter output, int count)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(1_000_000, count),
            new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (key, _) => await grains.GetGrain<IPingGrain>(key).PingAsync(key));
        Report(output, "activations", count, clock.Elapsed, "activations");
    }

    // One grain awaiting each write before the next: nothing else is queued, so this is the latency of a lone write.
    // The median is reported besides the mean: on a shared machine a few writes delayed by other load move the mean.
    private static async Task OneWriterAsync(IGrainFactory grains, AdoNetGrainStorage storage, TextWriter output, int writes)
    {
        var payload = new string('x', 256);
        var grain = grains.GetGrain<IWriterGrain>(-1);
        await grain.WriteAsync(payload);
        var latencies = new double[writes];
        var commits = storage.Commits;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < writes; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await grain.WriteAsync(payload);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        clock.Stop();
        Array.Sort(latencies);
        Report(output, "persisted_writes_sqlite_one_writer", writes, clock.Elapsed, "writes",
            $"\"writers\":1,\"transactions\":{storage.Commits - commits},\"mean_us\":{clock.Elapsed.TotalMicroseconds / writes:F0},\"p50_us\":{latencies[writes / 2]:F0},\"p99_us\":{latencies[writes * 99 / 100]:F0}");
    }

    // Many grains writing at once: their writes share transactions (group commit); "transactions" says how many there were.
    private static async Task PersistedWritesAsync(IGrainFactory grains, AdoNetGrainStorage storage, TextWriter output, int writers, int writesEach)
    {
        var payload = new string('x', 256);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => grains.GetGrain<IWriterGrain>(w).WriteAsync(payload)));
        var commits = storage.Commits;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            var grain = grains.GetGrain<IWriterGrain>(w);
            for (var i = 0; i < writesEach; i++)
            {
                await grain.WriteAsync(payload);
            }
        }));
        Report(output, "persisted_writes_sqlite", writers * writesEach, clock.Elapsed, "writes", $"\"writers\":{writers},\"transactions\":{storage.Commits - commits}");
    }

    private static void Report(TextWriter output, string name, long operations, TimeSpan elapsed, string unit, string extra = "")
    {
        var perSecond = operations / elapsed.TotalSeconds;
        var fields = $"\"benchmark\":\"{name}\",\"{unit}\":{operations},\"seconds\":{elapsed.TotalSeconds:F3},\"per_second\":{perSecond:F0}";
        output.WriteLine("{" + fields + (extra.Length > 0 ? "," + extra : "") + "}");
    }
}
