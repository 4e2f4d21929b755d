namespace Orleans.Pipeline.Tasks;

/// <summary>The failure rules of task functions, in one place for the scheduler.</summary>
public static class TaskFailure
{
    /// <summary>
    /// Classifies an exception thrown by <see cref="ITaskFunction.RunAsync"/>: <see cref="TaskFatalException"/> is
    /// <see cref="TaskFailureKind.Fatal"/>; an <see cref="OperationCanceledException"/> while
    /// <paramref name="cancellationToken"/> is cancelled is <see cref="TaskFailureKind.Cancelled"/>; anything else
    /// (including a cancellation the scheduler did not ask for, such as an I/O timeout) is
    /// <see cref="TaskFailureKind.Retryable"/>. An <see cref="AggregateException"/> with one inner exception is judged by
    /// that exception.
    /// </summary>
    /// <param name="exception">What the task threw.</param>
    /// <param name="cancellationToken">The token the task was run with.</param>
    public static TaskFailureKind Classify(Exception exception, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exception);
        while (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        return exception switch
        {
            TaskFatalException => TaskFailureKind.Fatal,
            OperationCanceledException when cancellationToken.IsCancellationRequested => TaskFailureKind.Cancelled,
            _ => TaskFailureKind.Retryable,
        };
    }
}
