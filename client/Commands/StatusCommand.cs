using System.CommandLine;
using Orleans.Pipeline.Client.Connection;
using Orleans.Pipeline.Client.Jobs;
using Orleans.Pipeline.Client.Output;
using Orleans.Pipeline.Jobs;

namespace Orleans.Pipeline.Client.Commands;

/// <summary><c>status JOB [--events N] [--tasks]</c>: the job's status, each stage's done/total and task states, recent events and error.</summary>
internal static class StatusCommand
{
    public static Command Create(ConnectionOptions connection, ConsoleIO io)
    {
        var jobArgument = new Argument<string>("job") { Description = "The job's id." };
        var events = new Option<int>("--events") { Description = "How many of the latest events to show.", HelpName = "n", DefaultValueFactory = _ => 10 };
        var tasks = new Option<bool>("--tasks") { Description = "List every task: stage, label, state, attempt, silo, error." };
        var command = new Command("status", "Show a job: its status, each stage's tasks done/total and their states, recent events and its error.") { jobArgument, events, tasks };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => PipelineConsole.WithClusterAsync(io, connection, parse, cancellationToken, async cluster =>
        {
            var view = await GetKnownJobAsync(cluster, parse.GetValue(jobArgument)!).ConfigureAwait(false);
            JobReport.WriteStatus(io.Out, view, Math.Max(0, parse.GetValue(events)), parse.GetValue(tasks));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The job's view; <see cref="ExitCodes.UnknownJob"/> when no job has that id.</summary>
    public static async Task<JobView> GetKnownJobAsync(ClusterConnection cluster, string jobId)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        JobIds.Check(jobId);
        var view = await cluster.Grains.GetGrain<IJobGrain>(jobId).GetViewAsync().ConfigureAwait(false);
        return view.Status == JobStatus.Unknown
            ? throw new CommandException(ExitCodes.UnknownJob, $"There is no job '{jobId}' in {cluster.Description}; 'pipeline jobs' lists them.")
            : view;
    }
}
