using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Orleans.Pipeline.Tasks.ExternalPrograms;

/// <summary>
/// Runs a task as an external program that speaks the line protocol of <c>docs/task-protocol.md</c> over its standard
/// input and output: the runner sends <c>TASK</c>, <c>INPUT</c> and <c>INPUTS_DONE</c>; the program answers with
/// <c>OUTPUT</c>, <c>HEARTBEAT</c>, <c>LOG</c> and finally <c>DONE</c>, <c>ERROR</c> or <c>FATAL</c>.
/// </summary>
/// <remarks>
/// Runs only when <see cref="TaskOptions.AllowExternalPrograms"/> is set; otherwise the task fails with a fatal error
/// that says how to enable it. The program's working directory is <see cref="TaskContext.WorkingDirectory"/>.
/// Exiting without <c>DONE</c>, a non-zero exit code, a malformed line, or silence longer than
/// <see cref="TaskOptions.HeartbeatTimeout"/> is a retryable error carrying the last lines of the program's standard
/// error. Cancellation kills the program and everything it started.
/// </remarks>
public sealed class ExternalProgramFunction : ITaskFunction
{
    private readonly TaskOptions _options;

    /// <summary>Creates a function running <paramref name="commandLine"/> under <paramref name="options"/>.</summary>
    /// <param name="commandLine">The program and its arguments, split like a POSIX shell would (quotes, backslashes), but run without a shell.</param>
    /// <param name="options">The silo's task options (whether programs may run, the heartbeat timeout, the program directory).</param>
    public ExternalProgramFunction(string commandLine, TaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(options);
        CommandLine = commandLine;
        _options = options;
    }

    /// <summary>The program and its arguments, as the stage gives them.</summary>
    public string CommandLine { get; }

    /// <inheritdoc />
    /// <exception cref="TaskFatalException">
    /// External programs are disabled on this silo, the command line is malformed, the program cannot be started, or the
    /// program reported <c>FATAL</c> (the exception's message is then exactly the program's message).
    /// </exception>
    /// <exception cref="TaskErrorException">The program reported <c>ERROR</c>, broke the protocol, failed or went silent.</exception>
    public async Task RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_options.AllowExternalPrograms)
        {
            throw new TaskFatalException(
                $"Stage '{context.StageName}' runs the external program '{CommandLine}', but external programs are disabled on node '{context.NodeName}'. " +
                $"To enable them, set {nameof(TaskOptions)}.{nameof(TaskOptions.AllowExternalPrograms)} to true in every silo's configuration " +
                $"(section '{TaskOptions.SectionName}', e.g. the environment variable {TaskOptions.SectionName}__{nameof(TaskOptions.AllowExternalPrograms)}=true) " +
                "and restart the silos; programs run with the silo's privileges.");
        }

        if (_options.HeartbeatTimeout <= TimeSpan.Zero && _options.HeartbeatTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new TaskFatalException(
                $"{nameof(TaskOptions)}.{nameof(TaskOptions.HeartbeatTimeout)} on node '{context.NodeName}' is {_options.HeartbeatTimeout}; it must be positive (or infinite).");
        }

        string[] words;
        try
        {
            words = ExternalPrograms.CommandLine.Split(CommandLine);
        }
        catch (FormatException e)
        {
            throw new TaskFatalException($"Stage '{context.StageName}': the program command line '{CommandLine}' is malformed: {e.Message}", e);
        }

        var programDirectory = _options.ProgramDirectory ?? Environment.CurrentDirectory;
        for (var i = 0; i < words.Length; i++)
        {
            var candidate = Path.Combine(programDirectory, words[i]);
            if (!Path.IsPathRooted(words[i]) && !words[i].StartsWith('-') && File.Exists(candidate))
            {
                words[i] = Path.GetFullPath(candidate);
            }
        }

        Directory.CreateDirectory(context.WorkingDirectory);
        var startInfo = new ProcessStartInfo(words[0])
        {
            WorkingDirectory = context.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8NoBom,
            StandardOutputEncoding = Utf8NoBom,
            StandardErrorEncoding = Utf8NoBom,
        };
        for (var i = 1; i < words.Length; i++)
        {
            startInfo.ArgumentList.Add(words[i]);
        }

        // Python block-buffers a piped stdout; unbuffered, its protocol lines arrive as they are printed.
        startInfo.Environment["PYTHONUNBUFFERED"] = "1";

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new TaskFatalException(
                $"Stage '{context.StageName}': could not start '{words[0]}' on node '{context.NodeName}': {e.Message}. " +
                "Install the program on every silo (on the silo's PATH), or give its absolute path.", e);
        }

        var session = new ProgramSession(process, CommandLine, context, _options);
        await session.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static UTF8Encoding Utf8NoBom { get; } = new(encoderShouldEmitUTF8Identifier: false);

    /// <inheritdoc />
    public override string ToString() => $"program '{CommandLine}'";
}
