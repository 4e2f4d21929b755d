using System.CommandLine;
using Orleans.Pipeline.Client.Connection;
using Orleans.Pipeline.Client.Jobs;
using Orleans.Pipeline.Client.Output;
using Orleans.Pipeline.Grains;
using Orleans.Pipeline.Jobs;

namespace Orleans.Pipeline.Client.Commands;

/// <summary><c>jobs</c>: the cluster's job registry, oldest first.</summary>
internal static class JobsCommand
{
    public static Command Create(ConnectionOptions connection, ConsoleIO io)
    {
        var command = new Command("jobs", "List the cluster's jobs: id, name, status and when each was submitted.");
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => PipelineConsole.WithClusterAsync(io, connection, parse, cancellationToken, async cluster =>
        {
            var jobs = await cluster.Grains.GetGrain<IJobRegistryGrain>(JobRegistryGrain.Key).ListAsync().ConfigureAwait(false);
            if (jobs.Count == 0)
            {
                await io.Out.WriteLineAsync($"No jobs in {cluster.Description}.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            // The registry hears of a job's end just after the job itself; ask the jobs it still lists as running.
            var statuses = await Task.WhenAll(jobs.Select(async j => j.Status == JobStatus.Running
                ? (await cluster.Grains.GetGrain<IJobGrain>(j.JobId).GetViewAsync().ConfigureAwait(false)).Status
                : j.Status)).ConfigureAwait(false);
            var table = new TextTable("job", "name", "status", "submitted");
            foreach (var (job, status) in jobs.Zip(statuses).OrderBy(j => j.First.SubmittedMs).ThenBy(j => j.First.JobId, StringComparer.Ordinal))
            {
                table.Add(job.JobId, job.Name, status.ToString(), JobReport.FormatTime(job.SubmittedMs));
            }

            table.Write(io.Out);
            return ExitCodes.Success;
        }));
        return command;
    }
}
