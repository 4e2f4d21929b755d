using System.Globalization;
using Orleans.Pipeline.Client.Output;
using Orleans.Pipeline.Jobs;
using Spectre.Console;

namespace Orleans.Pipeline.Client.Jobs;

/// <summary>
/// Follows a job until it ends, showing each stage's progress: live bars on a terminal, or a plain line whenever a
/// stage's counts change (and the notable events: retries, restarts, recomputations, failures) when output is redirected.
/// </summary>
internal sealed class JobWatcher(ConsoleIO io)
{
    /// <summary>Event kinds worth a line of their own while watching; the routine ones (dispatched, started, done) are in the counts.</summary>
    private static readonly HashSet<string> NotableEvents = new(StringComparer.Ordinal)
    {
        "task-retry", "task-failed", "task-fatal", "task-restart", "task-recompute", "resumed", "no-node", "cancelled", "failed",
    };

    /// <summary>How often the job is asked for its view. Default 250 ms.</summary>
    public TimeSpan PollPeriod { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Watches the job until it is no longer running and returns its last view.</summary>
    public async Task<JobView> WatchAsync(IJobGrain job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return io.Ansi is { } ansi
            ? await WatchWithBarsAsync(ansi, job, cancellationToken).ConfigureAwait(false)
            : await WatchWithLinesAsync(job, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JobView> WatchWithBarsAsync(IAnsiConsole ansi, IJobGrain job, CancellationToken cancellationToken)
    {
        var view = await job.GetViewAsync().ConfigureAwait(false);
        await ansi.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bars = view.Stages.Select(s => context.AddTask(Markup.Escape(s.Name), autoStart: true, maxValue: 1)).ToArray();
                while (true)
                {
                    for (var k = 0; k < bars.Length && k < view.Stages.Count; k++)
                    {
                        var stage = StageProgress.Of(view.Stages[k]);
                        var bar = bars[k];
                        bar.Description = $"{Markup.Escape(stage.Title)} [grey]{Markup.Escape(stage.Counts)}[/]";
                        bar.IsIndeterminate = stage.Total == 0 && view.Status == JobStatus.Running;
                        bar.MaxValue = Math.Max(1, stage.Total);
                        bar.Value = stage.Done;
                        if (view.Status != JobStatus.Running)
                        {
                            bar.StopTask();
                        }
                    }

                    if (view.Status != JobStatus.Running)
                    {
                        return;
                    }

                    await Task.Delay(PollPeriod, io.Time, cancellationToken).ConfigureAwait(false);
                    view = await job.GetViewAsync().ConfigureAwait(false);
                }
            }).ConfigureAwait(false);

        foreach (var notable in view.Events.Where(e => NotableEvents.Contains(e.Kind) && e.Kind is not ("cancelled" or "failed")))
        {
            await io.Out.WriteLineAsync($"  {notable.Message}").ConfigureAwait(false);
        }

        return view;
    }

    private async Task<JobView> WatchWithLinesAsync(IJobGrain job, CancellationToken cancellationToken)
    {
        var started = io.Time.GetTimestamp();
        var shown = new Dictionary<int, StageProgress>();
        var eventsSeen = 0;
        while (true)
        {
            var view = await job.GetViewAsync().ConfigureAwait(false);
            var elapsed = io.Time.GetElapsedTime(started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            for (var i = eventsSeen; i < view.Events.Count; i++)
            {
                var notable = view.Events[i];
                if (NotableEvents.Contains(notable.Kind) && notable.Kind is not ("cancelled" or "failed"))
                {
                    await io.Out.WriteLineAsync($"[{elapsed,6}s] {notable.Message}").ConfigureAwait(false);
                }
            }

            eventsSeen = view.Events.Count;
            for (var k = 0; k < view.Stages.Count; k++)
            {
                var stage = StageProgress.Of(view.Stages[k]);
                if (stage.Total > 0 && (!shown.TryGetValue(k, out var before) || before != stage))
                {
                    shown[k] = stage;
                    await io.Out.WriteLineAsync($"[{elapsed,6}s] {stage.Title}: {stage.Counts}").ConfigureAwait(false);
                }
            }

            if (view.Status != JobStatus.Running)
            {
                await io.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                return view;
            }

            await Task.Delay(PollPeriod, io.Time, cancellationToken).ConfigureAwait(false);
        }
    }
}
