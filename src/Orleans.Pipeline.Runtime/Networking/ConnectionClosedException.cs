namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// The connection is closed, so a message was refused by <see cref="Connection.Send"/> or dropped from its queue.
/// Ask the <see cref="TransportConnector"/> for a new connection to the peer and send again.
/// </summary>
public sealed class ConnectionClosedException : TransportException
{
    public ConnectionClosedException()
    {
    }

    public ConnectionClosedException(string message)
        : base(message)
    {
    }

    public ConnectionClosedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
