namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// Receives a stream's items. In a grain, each call runs as a turn of the grain (never in parallel with its other
/// calls), items of one producer arrive in the order it sent them, and a call that throws is retried later with the
/// same item.
/// </summary>
public interface IAsyncObserver<in T>
{
    /// <summary>
    /// One item. As a producer: sends it. As a consumer: receives it, with its <paramref name="token"/> (never null
    /// when the runtime calls a consumer).
    /// </summary>
    Task OnNextAsync(T item, StreamSequenceToken? token = null);

    /// <summary>As a producer: this producer is done. As a consumer: every producer of the stream is done; called once.</summary>
    Task OnCompletedAsync();

    /// <summary>As a producer: reports a failure to the consumers, in order with its items. As a consumer: a producer reported one.</summary>
    Task OnErrorAsync(Exception error);
}
