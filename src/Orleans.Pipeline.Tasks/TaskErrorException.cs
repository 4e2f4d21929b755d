namespace Orleans.Pipeline.Tasks;

/// <summary>
/// A retryable task failure: the scheduler runs the task again (with backoff, up to the job's failure limit). Any
/// exception other than <see cref="TaskFatalException"/> is treated the same way; this type names the intent.
/// </summary>
public sealed class TaskErrorException : Exception
{
    /// <summary>Creates an error with a message for the job's event history.</summary>
    public TaskErrorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an error with a message and the exception that caused it.</summary>
    public TaskErrorException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
