using System.CommandLine;
using Orleans.Pipeline.Client.Connection;
using Orleans.Pipeline.Client.Jobs;
using Orleans.Pipeline.Client.Output;
using Orleans.Pipeline.Jobs;

namespace Orleans.Pipeline.Client.Commands;

/// <summary><c>cancel JOB</c>: stops the job's queued and running tasks cluster-wide; the job ends Cancelled.</summary>
internal static class CancelCommand
{
    public static Command Create(ConnectionOptions connection, ConsoleIO io)
    {
        var jobArgument = new Argument<string>("job") { Description = "The job's id." };
        var command = new Command("cancel", "Cancel a running job: its queued and running tasks stop on every silo.") { jobArgument };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => PipelineConsole.WithClusterAsync(io, connection, parse, cancellationToken, async cluster =>
        {
            var jobId = parse.GetValue(jobArgument)!;
            var view = await StatusCommand.GetKnownJobAsync(cluster, jobId).ConfigureAwait(false);
            if (view.Status != JobStatus.Running)
            {
                await io.Out.WriteLineAsync($"Job {jobId} already ended ({view.Status}); there is nothing to cancel.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var job = cluster.Grains.GetGrain<IJobGrain>(jobId);
            await job.CancelAsync().ConfigureAwait(false);
            view = await job.GetViewAsync().ConfigureAwait(false);
            await io.Out.WriteLineAsync(view.Status == JobStatus.Cancelled
                ? $"Cancelled job {jobId} ({view.Name})."
                : $"Job {jobId} ended ({view.Status}) before it could be cancelled.").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
