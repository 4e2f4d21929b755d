namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>The base of every error the transport raises; the message names the peer and what to do.</summary>
public class TransportException : Exception
{
    public TransportException()
    {
    }

    public TransportException(string message)
        : base(message)
    {
    }

    public TransportException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
