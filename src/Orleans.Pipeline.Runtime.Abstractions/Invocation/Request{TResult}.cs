using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.Invocation;

/// <summary>A request whose method produces a <typeparamref name="TResult"/> (<see cref="VoidResult"/> for none).</summary>
public abstract class Request<TResult> : Request
{
    private TResult _result = default!;
    private TaskCompletionSource<TResult>? _completion;

    /// <summary>
    /// The caller's task. Continuations run asynchronously so that a caller never runs inside the callee's turn.
    /// Read it before the request is sent: the runtime may complete it on another thread.
    /// </summary>
    public Task<TResult> ResultTask => Completion.Task;

    public override bool IsCompleted => _completion?.Task.IsCompleted ?? false;

    public override Task WhenCompleted => Completion.Task;

    private TaskCompletionSource<TResult> Completion =>
        _completion ??= new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Calls the grain method. Generated.</summary>
    protected abstract ValueTask<TResult> InvokeCore(object grain);

    public sealed override ValueTask InvokeAsync(object grain)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = InvokeCore(grain);
        }
        catch (Exception exception)
        {
            Exception = exception;
            return default;
        }

        if (pending.IsCompletedSuccessfully)
        {
            _result = pending.Result;
            return default;
        }

        return AwaitResult(pending);
    }

    public override void Complete()
    {
        if (Exception is { } exception)
        {
            Completion.TrySetException(exception);
        }
        else
        {
            Completion.TrySetResult(_result);
        }
    }

    public override bool TryFail(Exception exception) => Completion.TrySetException(exception);

    public override void WriteResult(ref Writer writer) => Codec<TResult>.Write(ref writer, _result);

    public override void ReadResult(ref Reader reader) => _result = Codec<TResult>.Read(ref reader);

    // The grain method's own awaits resume on its activation; only this bookkeeping step runs off it.
    private async ValueTask AwaitResult(ValueTask<TResult> pending)
    {
        try
        {
            _result = await pending.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Exception = exception;
        }
    }
}
