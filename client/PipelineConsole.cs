using System.CommandLine;
using Orleans.Pipeline.Client.Commands;
using Orleans.Pipeline.Client.Connection;
using Orleans.Pipeline.Client.Output;

namespace Orleans.Pipeline.Client;

/// <summary>
/// The <c>pipeline</c> command line: parses the arguments, runs the command and turns every failure into a message
/// and one of the <see cref="ExitCodes"/>. Callable in-process (tests give their own writers).
/// </summary>
internal static class PipelineConsole
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, ConsoleIO io, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(io);
        var root = CreateRootCommand(io);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await io.Error.WriteLineAsync($"pipeline: {error.Message}").ConfigureAwait(false);
            }

            await io.Error.WriteLineAsync("Run 'pipeline --help', or 'pipeline COMMAND --help', for usage.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var invocation = new InvocationConfiguration
        {
            Output = io.Out,
            Error = io.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = io.HandlesInterrupt ? TimeSpan.FromSeconds(5) : null,
        };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    public static RootCommand CreateRootCommand(ConsoleIO io)
    {
        var connection = new ConnectionOptions();
        return new RootCommand(
            "Runs pipeline jobs (stages and groupings, Disco style) on an Orleans.Pipeline cluster. " +
            "Exit codes: 0 ok, 1 job failed or cancelled (or its state does not allow the request: results, purge), 2 bad input or rejected spec, 3 cluster unreachable, 4 unknown job, 5 other error, 130 interrupted.")
        {
            DemoCommand.Create(io),
            SubmitCommand.Create(connection, io),
            StatusCommand.Create(connection, io),
            CancelCommand.Create(connection, io),
            ResultsCommand.Create(connection, io),
            PurgeCommand.Create(connection, io),
            JobsCommand.Create(connection, io),
            ClusterCommand.Create(connection, io),
        };
    }

    /// <summary>Runs a command's body; a failure becomes a message on standard error and its exit code.</summary>
    public static async Task<int> GuardAsync(ConsoleIO io, CancellationToken cancellationToken, Func<Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(io);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await io.Error.WriteLineAsync("pipeline: interrupted.").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception error)
        {
            var (exitCode, message) = Failures.Describe(error);
            await io.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await io.Error.WriteLineAsync($"pipeline: {message}").ConfigureAwait(false);
            return exitCode;
        }
    }

    /// <summary>Connects to the cluster named by the connection options, runs <paramref name="body"/> and disconnects.</summary>
    public static Task<int> WithClusterAsync(ConsoleIO io, ConnectionOptions connection, ParseResult parse, CancellationToken cancellationToken, Func<ClusterConnection, Task<int>> body) =>
        GuardAsync(io, cancellationToken, async () =>
        {
            var settings = connection.Read(parse);
            var cluster = await ClusterConnection.ConnectAsync(settings, cancellationToken).ConfigureAwait(false);
            await using (cluster.ConfigureAwait(false))
            {
                return await body(cluster).ConfigureAwait(false);
            }
        });
}
