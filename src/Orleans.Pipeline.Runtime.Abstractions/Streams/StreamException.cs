namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// A stream refused an operation for a reason retrying will not fix: the stream is complete, the producer has
/// completed, the provider is not configured, a consumer has no observer attached. The message says which.
/// </summary>
public class StreamException : Exception
{
    public StreamException()
    {
    }

    public StreamException(string message)
        : base(message)
    {
    }

    public StreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
