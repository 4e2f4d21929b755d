namespace Orleans.Pipeline.TestKit;

/// <summary>How a process started by <see cref="ProcessRunner"/> ended: its exit code and its stdout and stderr, interleaved by stream.</summary>
public sealed record ProcessResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}
