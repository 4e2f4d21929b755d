namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// The peer sent bytes that are not valid framing (a negative or oversized length, a message that runs past its
/// frame, a connection cut mid-frame). The connection that carried them is closed; no other connection is affected.
/// </summary>
public sealed class TransportProtocolException : TransportException
{
    public TransportProtocolException()
    {
    }

    public TransportProtocolException(string message)
        : base(message)
    {
    }

    public TransportProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
