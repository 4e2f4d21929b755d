namespace Orleans.Pipeline.Tasks.Tests;

public class TaskFailureTests
{
    [Fact]
    public void Classify_FatalException_IsFatal()
    {
        Assert.Equal(TaskFailureKind.Fatal, TaskFailure.Classify(new TaskFatalException("stop")));
        Assert.Equal(TaskFailureKind.Fatal, TaskFailure.Classify(new AggregateException(new TaskFatalException("stop"))));
    }

    [Fact]
    public void Classify_ErrorOrAnyOtherException_IsRetryable()
    {
        Assert.Equal(TaskFailureKind.Retryable, TaskFailure.Classify(new TaskErrorException("again")));
        Assert.Equal(TaskFailureKind.Retryable, TaskFailure.Classify(new IOException("disk")));
        Assert.Equal(TaskFailureKind.Retryable, TaskFailure.Classify(new AggregateException(new TaskFatalException("a"), new IOException("b"))));
    }

    [Fact]
    public void Classify_CancellationOfTheTasksToken_IsCancelledAndAnyOtherIsRetryable()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Equal(TaskFailureKind.Cancelled, TaskFailure.Classify(new OperationCanceledException(cancelled.Token), cancelled.Token));
        Assert.Equal(TaskFailureKind.Retryable, TaskFailure.Classify(new TaskCanceledException("an HTTP timeout"), CancellationToken.None));
    }
}
