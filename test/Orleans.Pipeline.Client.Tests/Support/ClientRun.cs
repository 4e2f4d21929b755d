namespace Orleans.Pipeline.Client.Tests.Support;

/// <summary>What one run of the client printed and returned.</summary>
public sealed record ClientRun(int ExitCode, string Output, string Error)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}--- stdout ---{Environment.NewLine}{Output}--- stderr ---{Environment.NewLine}{Error}";
}
