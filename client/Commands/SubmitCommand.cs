using System.CommandLine;
using Orleans.Pipeline.Client.Connection;
using Orleans.Pipeline.Client.Jobs;
using Orleans.Pipeline.Client.Output;
using Orleans.Pipeline.Jobs;

namespace Orleans.Pipeline.Client.Commands;

/// <summary><c>submit FILE [--watch] [--id ID] [--out DIR]</c>: checks a job file here, submits it, and optionally follows it to the end.</summary>
internal static class SubmitCommand
{
    public static Command Create(ConnectionOptions connection, ConsoleIO io)
    {
        var file = new Argument<string>("file") { Description = "The job file: JSON (.json) or YAML (.yaml, .yml)." };
        var watch = new Option<bool>("--watch", "-w") { Description = "Follow the job's progress until it ends: exit 0 if it succeeded, 1 if it failed or was cancelled." };
        var id = new Option<string?>("--id") { Description = "The job's id (letters, digits, '.', '_', '-'). Default: the job's name, the time and a random suffix.", HelpName = "id" };
        var output = new Option<string?>("--out") { Description = "Wait for the job like --watch and download its results into this folder.", HelpName = "dir" };
        var command = new Command("submit", "Check a job file, submit it and print its id; --watch follows it to the end.") { file, watch, id, output };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => PipelineConsole.GuardAsync(io, cancellationToken, async () =>
        {
            var path = parse.GetValue(file)!;
            var spec = SpecFile.Read(path);
            var jobId = parse.GetValue(id) ?? JobIds.Create(spec.Name, io.Time);
            JobIds.Check(jobId);
            var outputDirectory = parse.GetValue(output);
            var settings = connection.Read(parse);
            var cluster = await ClusterConnection.ConnectAsync(settings, cancellationToken).ConfigureAwait(false);
            await using (cluster.ConfigureAwait(false))
            {
                var job = cluster.Grains.GetGrain<IJobGrain>(jobId);
                var existing = await job.GetViewAsync().ConfigureAwait(false);
                if (existing.Status != JobStatus.Unknown)
                {
                    throw new CommandException(ExitCodes.BadInput, $"A job with id '{jobId}' exists already ({existing.Status}); choose another --id.");
                }

                await job.SubmitAsync(spec).ConfigureAwait(false);
                await io.Out.WriteLineAsync($"Submitted job {jobId} ({spec.Name}: {Words.Count(spec.Inputs.Count, "input")}, {Words.Count(spec.Stages.Count, "stage")}) to {cluster.Description}.").ConfigureAwait(false);
                if (!parse.GetValue(watch) && outputDirectory is null)
                {
                    await io.Out.WriteLineAsync($"Follow it with 'pipeline status {jobId}'.").ConfigureAwait(false);
                    return ExitCodes.Success;
                }

                JobView view;
                try
                {
                    view = await new JobWatcher(io).WatchAsync(job, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    await io.Error.WriteLineAsync($"pipeline: stopped watching; job {jobId} keeps running ('pipeline cancel {jobId}' stops it).").ConfigureAwait(false);
                    return ExitCodes.Interrupted;
                }

                await io.Out.WriteLineAsync(JobReport.Outcome(view)).ConfigureAwait(false);
                if (view.Status == JobStatus.Succeeded && outputDirectory is not null)
                {
                    await ResultsCommand.DownloadAsync(io, job, outputDirectory, cancellationToken).ConfigureAwait(false);
                }

                return JobReport.ExitCodeOf(view.Status);
            }
        }));
        return command;
    }
}
