namespace Orleans.Pipeline.Client;

/// <summary>A failure a user can act on: its message is printed as it is (no stack trace) and the client exits with <see cref="ExitCode"/>.</summary>
internal sealed class CommandException : Exception
{
    public CommandException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public CommandException()
        : this(ExitCodes.Error, "The command failed.")
    {
    }

    public CommandException(string message)
        : this(ExitCodes.Error, message)
    {
    }

    public CommandException(string message, Exception innerException)
        : this(ExitCodes.Error, message, innerException)
    {
    }

    /// <summary>What the client exits with; one of <see cref="ExitCodes"/>.</summary>
    public int ExitCode { get; }
}
