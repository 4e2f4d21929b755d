using System.CommandLine;
using Orleans.Pipeline.Client.Connection;
using Orleans.Pipeline.Client.Output;
using Orleans.Pipeline.Jobs;

namespace Orleans.Pipeline.Client.Commands;

/// <summary><c>purge JOB</c>: deletes an ended job's outputs (every stage's) on every live silo; refused while the job runs.</summary>
internal static class PurgeCommand
{
    public static Command Create(ConnectionOptions connection, ConsoleIO io)
    {
        var jobArgument = new Argument<string>("job") { Description = "The job's id." };
        var command = new Command(
            "purge",
            "Delete an ended job's outputs (every stage's) on every live silo; its results are gone afterwards. A running job is refused (exit 1): cancel it or wait for it first.")
        {
            jobArgument,
        };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => PipelineConsole.WithClusterAsync(io, connection, parse, cancellationToken, async cluster =>
        {
            var jobId = parse.GetValue(jobArgument)!;
            var view = await StatusCommand.GetKnownJobAsync(cluster, jobId).ConfigureAwait(false);
            if (view.Status == JobStatus.Running)
            {
                throw new CommandException(
                    ExitCodes.JobFailed,
                    $"Job {jobId} is still running and its tasks read its outputs, so nothing was purged; cancel it ('pipeline cancel {jobId}') or wait until it ends, then purge it.");
            }

            if (view.Purged)
            {
                await io.Out.WriteLineAsync($"Job {jobId} ({view.Name}) was purged already; there is nothing to delete.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await cluster.Grains.GetGrain<IJobGrain>(jobId).PurgeAsync().ConfigureAwait(false);
            await io.Out.WriteLineAsync($"Purged job {jobId} ({view.Name}, {view.Status}): its outputs were deleted on every live silo.").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
