using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.Invocation;

/// <summary>
/// One call of a grain method: its arguments, the code that invokes it on the grain, and its outcome. The source
/// generator emits one sealed subclass per grain interface method; the runtime moves requests between caller and
/// activation without knowing the method (no reflection per call).
/// </summary>
/// <remarks>
/// Lifecycle: the caller creates the request and reads <see cref="Request{TResult}.ResultTask"/>; the runtime
/// delivers it; the target activation runs <see cref="InvokeAsync"/> (which records the outcome and never throws);
/// the runtime then calls <see cref="Complete"/> (same process) or ships the outcome with
/// <see cref="WriteResult"/> / <see cref="ReadResult"/> and completes the caller's copy. <see cref="TryFail"/>
/// completes the caller early (a deadline, a lost silo); whichever completion comes first wins.
/// </remarks>
public abstract class Request
{
    /// <summary>Stable identity of the method on the wire: <c>Namespace.IInterface.Method(ParamType,...)</c>.</summary>
    public abstract string MethodId { get; }

    /// <summary>Short name for messages and diagnostics: <c>IInterface.Method</c>.</summary>
    public abstract string MethodName { get; }

    /// <summary>True for methods marked <see cref="AlwaysInterleaveAttribute"/>: they run even while a non-reentrant grain is busy.</summary>
    public virtual bool AlwaysInterleave => false;

    /// <summary>The exception the grain method threw, once <see cref="InvokeAsync"/> has finished.</summary>
    public Exception? Exception { get; protected set; }

    /// <summary>True once the caller's task has been completed, by the outcome or by <see cref="TryFail"/>.</summary>
    public abstract bool IsCompleted { get; }

    /// <summary>The caller's task, untyped: completes when <see cref="Complete"/> or <see cref="TryFail"/> runs.</summary>
    public abstract Task WhenCompleted { get; }

    /// <summary>Runtime bookkeeping: when the caller stops waiting, in <see cref="TimeProvider"/> timestamp units.</summary>
    public long DeadlineTimestamp { get; set; }

    /// <summary>Invokes the method on <paramref name="grain"/> and records the result or exception. Never throws.</summary>
    public abstract ValueTask InvokeAsync(object grain);

    /// <summary>Completes the caller's task with the recorded outcome.</summary>
    public abstract void Complete();

    /// <summary>Completes the caller's task with <paramref name="exception"/> unless it has completed already.</summary>
    public abstract bool TryFail(Exception exception);

    public abstract void WriteArguments(ref Writer writer);

    public abstract void ReadArguments(ref Reader reader);

    /// <summary>Writes the recorded result value (not the exception: the runtime ships that itself).</summary>
    public abstract void WriteResult(ref Writer writer);

    /// <summary>Reads a result value written by <see cref="WriteResult"/> as this request's outcome.</summary>
    public abstract void ReadResult(ref Reader reader);

    /// <summary>Records <paramref name="exception"/> as the outcome (used when a remote call's failure arrives).</summary>
    public void SetException(Exception exception) => Exception = exception;

    /// <summary>Adapts a <see cref="Task"/>-returning grain method for <see cref="Request{TResult}"/>.</summary>
    protected static ValueTask<VoidResult> AsVoid(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.IsCompletedSuccessfully ? default : AwaitVoid(task);
    }

    /// <summary>Adapts a <see cref="ValueTask"/>-returning grain method for <see cref="Request{TResult}"/>.</summary>
    protected static ValueTask<VoidResult> AsVoid(ValueTask task) =>
        task.IsCompletedSuccessfully ? default : AwaitVoid(task.AsTask());

    private static async ValueTask<VoidResult> AwaitVoid(Task task)
    {
        await task.ConfigureAwait(false);
        return default;
    }
}
