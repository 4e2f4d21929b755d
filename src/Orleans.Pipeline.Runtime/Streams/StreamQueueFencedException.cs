namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// An append named an owner epoch that a later claim replaced: another activation of the stream owns the queue now,
/// and the entries were not stored. Producers retry it: the retry reaches the new owner.
/// </summary>
public sealed class StreamQueueFencedException : Exception
{
    public StreamQueueFencedException()
    {
    }

    public StreamQueueFencedException(string message)
        : base(message)
    {
    }

    public StreamQueueFencedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
