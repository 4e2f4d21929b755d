using System.CommandLine;
using System.Globalization;
using Orleans.Pipeline.Client.Connection;
using Orleans.Pipeline.Client.Jobs;
using Orleans.Pipeline.Client.Output;
using Orleans.Pipeline.Jobs;

namespace Orleans.Pipeline.Client.Commands;

/// <summary><c>results JOB [--out DIR]</c>: lists a succeeded job's results (exit 1 when it did not succeed or was purged); with <c>--out</c> downloads each into <c>DIR/result-&lt;index&gt;-label-&lt;label&gt;</c>.</summary>
internal static class ResultsCommand
{
    public static Command Create(ConnectionOptions connection, ConsoleIO io)
    {
        var jobArgument = new Argument<string>("job") { Description = "The job's id." };
        var output = new Option<string?>("--out") { Description = "Download every result into this folder, as result-<index>-label-<label>.", HelpName = "dir" };
        var command = new Command("results", "List a job's results (the last stage's outputs); --out downloads them.") { jobArgument, output };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => PipelineConsole.WithClusterAsync(io, connection, parse, cancellationToken, async cluster =>
        {
            var jobId = parse.GetValue(jobArgument)!;
            var view = await StatusCommand.GetKnownJobAsync(cluster, jobId).ConfigureAwait(false);
            if (view.Status != JobStatus.Succeeded)
            {
                var why = view.Status == JobStatus.Running
                    ? "is still running, so its results are not complete; wait with 'pipeline status' or 'submit --watch'"
                    : $"ended {view.Status}, so it has no complete results" + (view.Error is null ? "" : $": {view.Error}");
                throw new CommandException(ExitCodes.JobFailed, $"Job {jobId} {why}.");
            }

            if (view.Purged)
            {
                throw new CommandException(ExitCodes.JobFailed, $"Job {jobId} ({view.Name}) succeeded, but its outputs were purged, so it has no results any more; run the job again to get them.");
            }

            var job = cluster.Grains.GetGrain<IJobGrain>(jobId);
            var directory = parse.GetValue(output);
            if (directory is not null)
            {
                await DownloadAsync(io, job, directory, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var results = await job.GetResultsAsync().ConfigureAwait(false);
            var table = new TextTable(">index", ">label", "silo", ">bytes", "path");
            for (var i = 0; i < results.Count; i++)
            {
                var result = results[i];
                table.Add(Number(i), Number(result.Label), result.Node, result.Size.ToString(CultureInfo.InvariantCulture), result.Location);
            }

            await io.Out.WriteLineAsync($"Job {jobId} ({view.Name}) has {Words.Count(results.Count, "result")}, {JobReport.FormatBytes(results.Sum(r => r.Size))}:").ConfigureAwait(false);
            table.Write(io.Out, "  ");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Downloads every result of <paramref name="job"/> into <paramref name="directory"/> and lists the files.</summary>
    public static async Task DownloadAsync(ConsoleIO io, IJobGrain job, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(io);
        ArgumentNullException.ThrowIfNull(job);
        var results = await job.GetResultsAsync().ConfigureAwait(false);
        IReadOnlyList<(string Path, long Bytes)> saved;
        try
        {
            saved = await ResultDownloader.SaveAllAsync(job, results, directory, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new CommandException(ExitCodes.BadInput, $"Cannot write the results into '{directory}': {error.Message}", error);
        }

        var table = new TextTable(">label", ">bytes", "file");
        for (var i = 0; i < saved.Count; i++)
        {
            table.Add(Number(results[i].Label), saved[i].Bytes.ToString(CultureInfo.InvariantCulture), saved[i].Path);
        }

        await io.Out.WriteLineAsync($"Downloaded {Words.Count(saved.Count, "result")} ({JobReport.FormatBytes(saved.Sum(s => s.Bytes))}) into {Path.GetFullPath(directory)}:").ConfigureAwait(false);
        table.Write(io.Out, "  ");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
