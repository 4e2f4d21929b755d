namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>Subscribing with delegates instead of an <see cref="IAsyncObserver{T}"/>.</summary>
public static class AsyncStreamExtensions
{
    /// <summary>Subscribes with <paramref name="onNext"/> (and optional completion and error callbacks); see <see cref="IAsyncStream{T}.SubscribeAsync"/>.</summary>
    public static Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(
        this IAsyncStream<T> stream,
        Func<T, StreamSequenceToken, Task> onNext,
        Func<Task>? onCompleted = null,
        Func<Exception, Task>? onError = null,
        StreamSubscriptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.SubscribeAsync(new DelegateAsyncObserver<T>(onNext, onCompleted, onError), options);
    }

    /// <summary>Attaches delegates to an existing subscription; see <see cref="StreamSubscriptionHandle{T}.ResumeAsync"/>.</summary>
    public static Task<StreamSubscriptionHandle<T>> ResumeAsync<T>(
        this StreamSubscriptionHandle<T> handle,
        Func<T, StreamSequenceToken, Task> onNext,
        Func<Task>? onCompleted = null,
        Func<Exception, Task>? onError = null,
        StreamSubscriptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return handle.ResumeAsync(new DelegateAsyncObserver<T>(onNext, onCompleted, onError), options);
    }
}
