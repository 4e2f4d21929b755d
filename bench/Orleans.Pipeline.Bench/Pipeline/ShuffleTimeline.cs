using System.Globalization;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Bench.Pipeline;

/// <summary>
/// Where the wide shuffle's time goes, read from each job's own history (the job grain stamps its events in
/// milliseconds): submission to the first dispatch, the map stage, the gap until the reduce stage is grouped, the
/// reduce stage, the job's end to the client seeing it; and per task, start to the job hearing it done. The medians of
/// the runs after a warm-up, with their range; no peer is run.
/// </summary>
public static class ShuffleTimeline
{
    private static readonly string[] Phases =
    [
        "whole job, as the client timed it",
        "submitted -> first map dispatched",
        "map stage: first map dispatched -> last map done",
        "last map done -> reduce stage grouped",
        "reduce stage: grouped -> last reduce done",
        "last reduce done -> job succeeded",
        "job succeeded -> client saw it",
        "map task: started -> job heard it done (mean)",
        "reduce task: started -> job heard it done (mean)",
    ];

    public static async Task RunAsync(TextWriter output, int runs)
    {
        using var data = new TemporaryDirectory("bench-pipeline");
        await using var cluster = await PipelineBenchmarks.StartClusterAsync(data.Path);
        var rows = new List<double[]>();
        for (var r = 0; r < runs + 1; r++)
        {
            var submitted = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            var (seconds, id) = await PipelineBenchmarks.RunJobAsync(cluster, PipelineBenchmarks.ShuffleSpec());
            var seen = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            await PipelineBenchmarks.VerifyShuffleAsync(cluster, id);
            var view = await cluster.Client.GetGrain<IJobGrain>(id).GetViewAsync();
            if (r > 0)
            {
                rows.Add(Measure(view, seconds, submitted, seen));
            }
        }

        for (var i = 0; i < Phases.Length; i++)
        {
            var sorted = rows.Select(r => r[i]).Order().ToArray();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{Phases[i],-52} median {PipelineBenchmarks.Median(sorted),6:F1} ms  ({sorted[0]:F1} - {sorted[^1]:F1})"));
        }
    }

    private static double[] Measure(JobView view, double seconds, long submitted, long seen)
    {
        var maps = view.Stages[0].Tasks.Select(t => t.TaskId).ToHashSet();
        var events = view.Events;
        long First(string kind, Func<JobEvent, bool> where) => events.Where(e => e.Kind == kind && where(e)).Min(e => e.TimeMs);
        long Last(string kind, Func<JobEvent, bool> where) => events.Where(e => e.Kind == kind && where(e)).Max(e => e.TimeMs);
        double MeanTask(bool map)
        {
            var started = events.Where(e => e.Kind == "task-started" && maps.Contains(e.TaskId) == map).GroupBy(e => e.TaskId).ToDictionary(g => g.Key, g => g.Min(e => e.TimeMs));
            var done = events.Where(e => e.Kind == "task-done" && maps.Contains(e.TaskId) == map).GroupBy(e => e.TaskId).ToDictionary(g => g.Key, g => g.Max(e => e.TimeMs));
            return started.Keys.Where(done.ContainsKey).Average(k => (double)(done[k] - started[k]));
        }

        var firstMap = First("task-dispatched", e => maps.Contains(e.TaskId));
        var lastMap = Last("task-done", e => maps.Contains(e.TaskId));
        var grouped = First("stage-started", e => e.Message.Contains("'reduce'", StringComparison.Ordinal));
        var lastReduce = Last("task-done", e => !maps.Contains(e.TaskId));
        var end = First("succeeded", _ => true);
        return
        [
            seconds * 1000,
            firstMap - submitted,
            lastMap - firstMap,
            grouped - lastMap,
            lastReduce - grouped,
            end - lastReduce,
            seen - end,
            MeanTask(map: true),
            MeanTask(map: false),
        ];
    }
}
