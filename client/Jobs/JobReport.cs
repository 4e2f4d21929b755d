using System.Globalization;
using Orleans.Pipeline.Client.Output;
using Orleans.Pipeline.Jobs;

namespace Orleans.Pipeline.Client.Jobs;

/// <summary>How jobs are written out: the status report and the one-line outcome.</summary>
internal static class JobReport
{
    /// <summary><c>2025-01-31 12:00:00Z</c>, or <c>-</c> for zero.</summary>
    public static string FormatTime(long unixMs) =>
        unixMs <= 0 ? "-" : DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string FormatDuration(TimeSpan duration) =>
        duration.TotalSeconds < 60
            ? duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s"
            : duration.ToString(duration.TotalHours < 1 ? @"m\:ss" : @"h\:mm\:ss", CultureInfo.InvariantCulture);

    public static string FormatBytes(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
    };

    /// <summary>The job's outcome in one line: <c>Job wc-1 (wordcount) succeeded in 1.20 s.</c></summary>
    public static string Outcome(JobView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var duration = view.FinishedMs > 0 ? FormatDuration(TimeSpan.FromMilliseconds(view.FinishedMs - view.SubmittedMs)) : "";
        return view.Status switch
        {
            JobStatus.Succeeded => $"Job {view.JobId} ({view.Name}) succeeded in {duration}.",
            JobStatus.Failed => $"Job {view.JobId} ({view.Name}) failed after {duration}: {view.Error}",
            JobStatus.Cancelled => $"Job {view.JobId} ({view.Name}) was cancelled after {duration}.",
            JobStatus.Running => $"Job {view.JobId} ({view.Name}) is running.",
            _ => $"There is no job '{view.JobId}'.",
        };
    }

    /// <summary>The exit code for a job that ended this way (after watching it).</summary>
    public static int ExitCodeOf(JobStatus status) => status switch
    {
        JobStatus.Succeeded => ExitCodes.Success,
        JobStatus.Unknown => ExitCodes.UnknownJob,
        _ => ExitCodes.JobFailed,
    };

    /// <summary>The status report: the job, each stage with its task counts, optionally every task, and the recent events.</summary>
    public static void WriteStatus(TextWriter writer, JobView view, int events, bool tasks)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(view);
        writer.WriteLine($"Job:       {view.JobId}");
        writer.WriteLine($"Name:      {view.Name}");
        writer.WriteLine($"Status:    {view.Status}");
        writer.WriteLine($"Submitted: {FormatTime(view.SubmittedMs)}");
        if (view.FinishedMs > 0)
        {
            writer.WriteLine($"Finished:  {FormatTime(view.FinishedMs)} (after {FormatDuration(TimeSpan.FromMilliseconds(view.FinishedMs - view.SubmittedMs))})");
        }

        if (view.Error is not null)
        {
            writer.WriteLine($"Error:     {view.Error}");
        }

        if (view.Purged)
        {
            writer.WriteLine("Outputs:   purged (deleted on every live silo)");
        }

        writer.WriteLine();
        writer.WriteLine("Stages:");
        var stages = new TextTable("stage", "grouping", ">done/total", ">waiting", ">running", ">failed");
        foreach (var stage in view.Stages.Select(StageProgress.Of))
        {
            stages.Add(
                stage.Concurrent ? stage.Name + " (concurrent)" : stage.Name,
                stage.Grouping,
                stage.Total == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{stage.Done}/{stage.Total}"),
                Number(stage.Waiting),
                Number(stage.Running),
                Number(stage.Failed));
        }

        stages.Write(writer, "  ");
        if (tasks)
        {
            writer.WriteLine();
            writer.WriteLine("Tasks:");
            var table = new TextTable(">task", "stage", ">label", "status", ">attempt", "node", ">inputs", "error");
            foreach (var stage in view.Stages)
            {
                foreach (var task in stage.Tasks)
                {
                    table.Add(Number(task.TaskId), stage.Name, Number(task.Label), task.Status.ToString(), Number(task.Attempt), task.Node ?? "-", Number(task.Inputs), OneLine(task.Error));
                }
            }

            table.Write(writer, "  ");
        }

        if (events > 0 && view.Events.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine(view.Events.Count > events ? $"Recent events (last {events} of {view.Events.Count}):" : "Events:");
            foreach (var entry in view.Events.TakeLast(events))
            {
                var time = DateTimeOffset.FromUnixTimeMilliseconds(entry.TimeMs).ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
                writer.WriteLine($"  {time}  {entry.Kind,-15}  {entry.Message}");
            }
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string OneLine(string? text) => text is null ? "" : text.ReplaceLineEndings(" ");
}
