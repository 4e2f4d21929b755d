namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>An observer made of callbacks; missing completion and error callbacks do nothing.</summary>
internal sealed class DelegateAsyncObserver<T>(
    Func<T, StreamSequenceToken, Task> onNext,
    Func<Task>? onCompleted,
    Func<Exception, Task>? onError) : IAsyncObserver<T>
{
    private readonly Func<T, StreamSequenceToken, Task> _onNext = onNext ?? throw new ArgumentNullException(nameof(onNext));

    public Task OnNextAsync(T item, StreamSequenceToken? token = null) =>
        _onNext(item, token ?? throw new ArgumentNullException(nameof(token)));

    public Task OnCompletedAsync() => onCompleted?.Invoke() ?? Task.CompletedTask;

    public Task OnErrorAsync(Exception error) => onError?.Invoke(error) ?? Task.CompletedTask;
}
