using System.Diagnostics;
using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Placement;

namespace Orleans.Pipeline.Bench.Cluster;

[SiloPinnedPlacement]
public sealed class HopDriverGrain(Silo silo) : Grain, IHopDriverGrain
{
    public async Task<string> RouteAsync(string targetSilo)
    {
        var target = await GrainFactory.GetGrain<IHopTargetGrain>(SiloPinnedKey.Create(targetSilo, "target-0")).WhereAsync();
        return $"{silo.SiloName}->{target}";
    }

    public async Task<HopResult> RunAsync(HopSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var targets = Enumerable.Range(0, settings.Targets)
            .Select(i => GrainFactory.GetGrain<IHopTargetGrain>(SiloPinnedKey.Create(settings.TargetSilo, $"target-{i}")))
            .ToArray();
        await Task.WhenAll(targets.Select(t => t.EchoAsync(0)));

        // Every continuation runs on this activation's turn, one at a time: no locks are needed.
        var latencies = new List<long>(1 << 16);
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(settings.Duration.TotalSeconds * Stopwatch.Frequency);
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, settings.Outstanding).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var target = targets[next++ % targets.Length];
                var issued = Stopwatch.GetTimestamp();
                await target.EchoAsync(next);
                latencies.Add(Stopwatch.GetTimestamp() - issued);
            }
        }));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        latencies.Sort();
        return new HopResult(latencies.Count, seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), Percentile(latencies, 1.0));
    }

    private static double Percentile(List<long> sorted, double quantile)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }

        var index = Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1);
        return sorted[index] * 1_000_000.0 / Stopwatch.Frequency;
    }
}
