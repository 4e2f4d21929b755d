using Orleans.Pipeline.Runtime.Messaging;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Client;

/// <summary>Turns what a command threw into the line the user reads and the exit code a script reads.</summary>
internal static class Failures
{
    public static (int ExitCode, string Message) Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            CommandException command => (command.ExitCode, command.Message),
            SpecValidationException rejected => (ExitCodes.BadInput, "The cluster rejected the job; nothing was created. " + rejected.Message),
            RemoteGrainException remote when remote.OriginalType?.EndsWith(nameof(SpecValidationException), StringComparison.Ordinal) == true =>
                (ExitCodes.BadInput, "The cluster rejected the job; nothing was created. " + remote.Message),
            SiloUnavailableException unavailable => (ExitCodes.Unreachable, $"The cluster became unreachable: {unavailable.Message}"),
            TimeoutException timeout => (ExitCodes.Unreachable, $"The cluster did not answer in time: {timeout.Message}"),
            _ => (ExitCodes.Error, $"The request failed: {error.Message}"),
        };
    }
}
