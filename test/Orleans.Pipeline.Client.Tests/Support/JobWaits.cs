using Orleans.Pipeline.Jobs;

namespace Orleans.Pipeline.Client.Tests.Support;

/// <summary>Waits on jobs, with deadlines.</summary>
public static class JobWaits
{
    public static async Task<JobView> WaitForEndAsync(IJobGrain job, TimeSpan? timeout = null) =>
        await WaitUntilAsync(job, v => v.Status is not (JobStatus.Running or JobStatus.Unknown), "end", timeout);

    /// <summary>Waits until some task of the job runs (of stage <paramref name="stage"/> when given).</summary>
    public static async Task<JobView> WaitUntilRunningAsync(IJobGrain job, TimeSpan? timeout = null, int? stage = null) =>
        await WaitUntilAsync(
            job,
            v => v.Stages.Where((_, k) => stage is null || k == stage).Any(s => s.Tasks.Any(t => t.Status == PipelineTaskStatus.Running)),
            stage is null ? "run a task" : $"run a task of stage {stage}",
            timeout);

    private static async Task<JobView> WaitUntilAsync(IJobGrain job, Func<JobView, bool> condition, string what, TimeSpan? timeout)
    {
        var time = TimeProvider.System;
        var started = time.GetTimestamp();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        while (true)
        {
            var view = await job.GetViewAsync();
            if (condition(view))
            {
                return view;
            }

            if (time.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Job {view.JobId} did not {what} within {limit}: {view.Status}, {string.Join(" | ", view.Events.TakeLast(5).Select(e => e.Message))}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
