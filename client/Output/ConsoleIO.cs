using Spectre.Console;

namespace Orleans.Pipeline.Client.Output;

/// <summary>
/// Where a command writes and how: its output and error writers, the clock it paces itself by, and, on a terminal,
/// the console that draws live progress bars. When output is redirected (a pipe, a file, a test) there is no
/// <see cref="Ansi"/> console and progress is written as plain lines instead.
/// </summary>
internal sealed class ConsoleIO
{
    public ConsoleIO(TextWriter output, TextWriter error, TimeProvider time, IAnsiConsole? ansi = null, bool handlesInterrupt = false)
    {
        Out = output;
        Error = error;
        Time = time;
        Ansi = ansi;
        HandlesInterrupt = handlesInterrupt;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public TimeProvider Time { get; }

    /// <summary>The terminal for progress bars, or null when output is plain text.</summary>
    public IAnsiConsole? Ansi { get; }

    /// <summary>Whether Ctrl+C cancels the running command (only in the real process, not in-process callers).</summary>
    public bool HandlesInterrupt { get; }

    /// <summary>The process's console: progress bars when standard output is a terminal, plain lines otherwise.</summary>
    public static ConsoleIO ForProcess()
    {
        var interactive = !Console.IsOutputRedirected
            && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        return new ConsoleIO(Console.Out, Console.Error, TimeProvider.System, interactive ? AnsiConsole.Console : null, handlesInterrupt: true);
    }
}
