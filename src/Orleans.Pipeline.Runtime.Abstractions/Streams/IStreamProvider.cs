namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// A named stream provider: a family of streams with one delivery configuration (durable or not, batch size, queue
/// bound). In a grain: <c>this.GetStreamProvider("name")</c>; in a client: <c>client.GetStreamProvider("name")</c>.
/// </summary>
public interface IStreamProvider
{
    string Name { get; }

    /// <summary>A handle to stream <paramref name="streamId"/>; producing through it uses this owner's default producer id.</summary>
    IAsyncStream<T> GetStream<T>(StreamId streamId);

    /// <summary>
    /// A handle that produces as <paramref name="producerId"/>, a name that outlives an activation (a task id, say).
    /// Such a producer numbers its items itself: its first item after each (re)start carries a
    /// <see cref="StreamSequenceToken"/> (later items without one continue from it), so after a restart it can send
    /// again from its last saved number and consumers drop what they already had. Completion counts it once however
    /// often it restarts. One id is one producer: two live producers sharing an id interleave their numbers, and
    /// consumers drop whichever items fall behind.
    /// </summary>
    IAsyncStream<T> GetStream<T>(StreamId streamId, string producerId);
}
