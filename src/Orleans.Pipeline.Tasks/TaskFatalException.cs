namespace Orleans.Pipeline.Tasks;

/// <summary>
/// A fatal task failure: retrying cannot help (bad parameter, malformed input, missing function), so the scheduler
/// ends the job with <see cref="Exception.Message"/>.
/// </summary>
public sealed class TaskFatalException : Exception
{
    /// <summary>Creates a fatal failure whose message ends the job.</summary>
    public TaskFatalException(string message)
        : base(message)
    {
    }

    /// <summary>Creates a fatal failure with the exception that caused it.</summary>
    public TaskFatalException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
