namespace Orleans.Pipeline.Tasks;

/// <summary>How the scheduler treats an exception thrown by a task function. See <see cref="TaskFailure.Classify"/>.</summary>
public enum TaskFailureKind
{
    /// <summary>Run the task again, up to the job's failure limit.</summary>
    Retryable,

    /// <summary>End the job with the exception's message.</summary>
    Fatal,

    /// <summary>The task was cancelled by the scheduler; neither a failure nor a success.</summary>
    Cancelled,
}
