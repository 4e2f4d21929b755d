using System.Buffers;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Orleans.Pipeline.Tasks.ExternalPrograms;

/// <summary>
/// One run of an external program: three loops over its pipes and the decision of how the task ends.
/// </summary>
/// <remarks>
/// Concurrency: the caller's flow reads standard output and owns the outcome; the input pump writes standard input;
/// the error pump reads standard error into <see cref="_standardError"/>. The pump reports a failure of the task's
/// inputs through <see cref="_inputFailure"/> and cancels <see cref="_inputFailed"/>, which stops the caller's flow.
/// </remarks>
internal sealed partial class ProgramSession(Process process, string commandLine, TaskContext context, TaskOptions options)
{
    private static readonly TimeSpan StandardErrorDrainTime = TimeSpan.FromSeconds(2);

    private readonly StandardErrorTail _standardError = new(options.StandardErrorTailLines);
    private readonly CancellationTokenSource _inputFailed = new();
    private readonly int _processId = process.Id;
    private ExceptionDispatchInfo? _inputFailure;
    private ProgramWatchdog? _watchdog;
    private bool _doneReceived;

    private ProgramWatchdog Watchdog => _watchdog!;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var watchdog = new ProgramWatchdog(options.HeartbeatTimeout, context.TimeProvider);
        _watchdog = watchdog;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watchdog.Token, _inputFailed.Token);

        // Reads from a pipe do not reliably observe cancellation; killing the program closes its pipes, which does.
        using var killOnStop = stop.Token.UnsafeRegister(static session => ((ProgramSession)session!).Kill(), this);
        LogStarted(context.Logger, commandLine, _processId, context.TaskId, context.JobId);

        var errorPump = PumpStandardErrorAsync();
        var inputPump = PumpStandardInputAsync(stop.Token);
        Exception? failure = null;
        var cancelled = false;
        try
        {
            await ConverseAsync(inputPump, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }
        catch (OperationCanceledException) when (_inputFailure is not null)
        {
            // Reported below, as the inputs' own exception.
        }
        catch (OperationCanceledException) when (watchdog.Token.IsCancellationRequested)
        {
            failure = new TaskErrorException(_doneReceived
                ? $"{Describe()} sent DONE but did not exit within {watchdog.Timeout}."
                : $"{Describe()} sent no message for {watchdog.Timeout} (HEARTBEAT, OUTPUT or LOG); it was killed.");
        }
        catch (Exception e) when (e is TaskErrorException or TaskFatalException or IOException)
        {
            failure = e;
        }
        finally
        {
            await ShutDownAsync(stop, inputPump, errorPump).ConfigureAwait(false);
            _inputFailed.Dispose();
        }

        if (cancelled)
        {
            LogCancelled(context.Logger, commandLine, context.TaskId);
            throw new OperationCanceledException($"{context} was cancelled; {Describe()} was killed.", cancellationToken);
        }

        _inputFailure?.Throw();
        switch (failure)
        {
            case null:
                return;
            case TaskFatalException:
                ExceptionDispatchInfo.Throw(failure);
                return;
            case TaskErrorException:
                throw new TaskErrorException(failure.Message + _standardError.Format(), failure.InnerException);
            default:
                throw new TaskErrorException($"{Describe()} failed: {failure.Message}{_standardError.Format()}", failure);
        }
    }

    /// <summary>Reads the program's messages until it ends the task; returns after DONE and a clean exit.</summary>
    private async Task ConverseAsync(Task inputPump, CancellationToken cancellationToken)
    {
        var output = process.StandardOutput;
        while (true)
        {
            var line = await output.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                throw new TaskErrorException($"{Describe()} exited with code {process.ExitCode} without sending DONE.");
            }

            if (line.Length == 0 || (line.Length == 1 && line[0] == '\r'))
            {
                continue;
            }

            if (!ProtocolMessage.TryParse(line, out var message))
            {
                throw new TaskErrorException(
                    $"{Describe()} wrote a line that is not a protocol message: '{Truncate(line)}'. " +
                    "Programs write only OUTPUT, HEARTBEAT, LOG, DONE, ERROR and FATAL lines to standard output; other text goes to standard error or a LOG line.");
            }

            Watchdog.Touch();
            switch (message.Kind)
            {
                case ProtocolMessageKind.Heartbeat:
                    break;
                case ProtocolMessageKind.Log:
                    LogProgramMessage(context.Logger, commandLine, context.TaskId, message.Text);
                    break;
                case ProtocolMessageKind.Output:
                    await AddOutputAsync(message.Label, message.Text, cancellationToken).ConfigureAwait(false);
                    break;
                case ProtocolMessageKind.Error:
                    throw new TaskErrorException($"{Describe()} reported ERROR: {(message.Text.Length == 0 ? "(no message)" : message.Text)}");
                case ProtocolMessageKind.Fatal:
                    throw new TaskFatalException(message.Text.Length == 0 ? $"{Describe()} reported FATAL without a message." : message.Text);
                case ProtocolMessageKind.Done:
                    _doneReceived = true;

                    // The program's last inputs may still be on their way (or it closed its input early); either way
                    // the pump ends, and then the program must exit cleanly.
                    await inputPump.WaitAsync(cancellationToken).ConfigureAwait(false);
                    _inputFailure?.Throw();
                    await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                    if (process.ExitCode != 0)
                    {
                        throw new TaskErrorException($"{Describe()} sent DONE but exited with code {process.ExitCode}.");
                    }

                    LogDone(context.Logger, commandLine, context.TaskId);
                    return;
            }
        }
    }

    private async Task AddOutputAsync(int label, string path, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path, context.WorkingDirectory);
        if (!File.Exists(fullPath))
        {
            throw new TaskErrorException($"{Describe()} sent OUTPUT {label} '{path}', but there is no file at {fullPath}.");
        }

        // Files under the task's working directory belong to the task and may be moved; others are copied.
        var workingDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(context.WorkingDirectory)) + Path.DirectorySeparatorChar;
        var owned = fullPath.StartsWith(workingDirectory, StringComparison.Ordinal);
        Watchdog.Pause();
        try
        {
            await context.Outputs.AddFileAsync(label, fullPath, deleteSource: owned, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Watchdog.Resume();
        }
    }

    /// <summary>
    /// Writes TASK, then an INPUT line per input as inputs arrive (materializing those that are not local files), then
    /// INPUTS_DONE, and closes the program's standard input. A program that closes its end early is not an error here.
    /// </summary>
    private async Task PumpStandardInputAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        var input = process.StandardInput;
        input.NewLine = "\n";
        try
        {
            await WriteLineAsync(input, FormatTaskLine(), cancellationToken).ConfigureAwait(false);
            var inputs = context.Inputs.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (inputs.ConfigureAwait(false))
            {
                var number = 0;
                while (true)
                {
                    var next = inputs.MoveNextAsync();
                    bool more;
                    if (next.IsCompleted)
                    {
                        more = next.GetAwaiter().GetResult();
                    }
                    else
                    {
                        Watchdog.Pause();
                        try
                        {
                            more = await next.ConfigureAwait(false);
                        }
                        finally
                        {
                            Watchdog.Resume();
                        }
                    }

                    if (!more)
                    {
                        break;
                    }

                    var path = await GetLocalPathAsync(inputs.Current, number++, cancellationToken).ConfigureAwait(false);
                    await WriteLineAsync(input, $"INPUT {inputs.Current.Label} {path}", cancellationToken).ConfigureAwait(false);
                }
            }

            await WriteLineAsync(input, "INPUTS_DONE", cancellationToken).ConfigureAwait(false);
            input.Close();
        }
        catch (IOException)
        {
            // The program closed its standard input or exited: what it said on standard output decides the outcome.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _inputFailure = ExceptionDispatchInfo.Capture(e);
            await _inputFailed.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task<string> GetLocalPathAsync(TaskInput input, int number, CancellationToken cancellationToken)
    {
        if (input.LocalPath is { } localPath && localPath.AsSpan().IndexOfAny('\r', '\n') < 0)
        {
            return localPath;
        }

        Watchdog.Pause();
        try
        {
            var directory = Directory.CreateDirectory(Path.Combine(context.WorkingDirectory, "inputs")).FullName;
            var path = Path.Combine(directory, $"input-{number}-label-{input.Label}");
            var source = await input.OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                var target = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
                await using (target.ConfigureAwait(false))
                {
                    await source.CopyToAsync(target, IO.Buffers.CopyBufferSize, cancellationToken).ConfigureAwait(false);
                }
            }

            return path;
        }
        finally
        {
            Watchdog.Resume();
        }
    }

    private async Task PumpStandardErrorAsync()
    {
        await Task.Yield();
        try
        {
            while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                _standardError.Add(line);
                LogStandardError(context.Logger, commandLine, context.TaskId, line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    private async Task ShutDownAsync(CancellationTokenSource stop, Task inputPump, Task errorPump)
    {
        if (!process.HasExited)
        {
            Kill();
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await inputPump.ConfigureAwait(false);

        // A grandchild that escaped the kill could hold standard error open: wait for the tail a little, not forever.
        await Task.WhenAny(errorPump, Task.Delay(StandardErrorDrainTime, context.TimeProvider)).ConfigureAwait(false);
    }

    private void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // It exited meanwhile.
        }
    }

    private string FormatTaskLine()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("taskId", context.TaskId);
            json.WriteNumber("attempt", context.Attempt);
            json.WriteString("jobId", context.JobId);
            json.WriteString("jobName", context.JobName);
            json.WriteString("stage", context.StageName);
            json.WriteNumber("label", context.GroupLabel);
            json.WriteString("node", context.NodeName);
            json.WriteStartObject("params");
            foreach (var (name, value) in context.Parameters.OrderBy(static p => p.Key, StringComparer.Ordinal))
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteString("workdir", Path.GetFullPath(context.WorkingDirectory));
            json.WriteEndObject();
        }

        return "TASK " + Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static async Task WriteLineAsync(StreamWriter writer, string line, CancellationToken cancellationToken)
    {
        await writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private string Describe() => $"Program '{commandLine}' (pid {_processId}, {context})";

    private static string Truncate(string line) => line.Length <= 200 ? line : string.Concat(line.AsSpan(0, 200), "…");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Started '{CommandLine}' as pid {ProcessId} for task {TaskId} of job {JobId}.")]
    private static partial void LogStarted(ILogger logger, string commandLine, int processId, int taskId, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "'{CommandLine}' (task {TaskId}): {Text}")]
    private static partial void LogProgramMessage(ILogger logger, string commandLine, int taskId, string text);

    [LoggerMessage(Level = LogLevel.Debug, Message = "'{CommandLine}' (task {TaskId}) stderr: {Line}")]
    private static partial void LogStandardError(ILogger logger, string commandLine, int taskId, string line);

    [LoggerMessage(Level = LogLevel.Debug, Message = "'{CommandLine}' (task {TaskId}) is done.")]
    private static partial void LogDone(ILogger logger, string commandLine, int taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "'{CommandLine}' (task {TaskId}) was cancelled and killed.")]
    private static partial void LogCancelled(ILogger logger, string commandLine, int taskId);
}
