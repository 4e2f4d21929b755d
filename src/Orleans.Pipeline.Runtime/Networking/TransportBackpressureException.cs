namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// <see cref="Connection.Send"/> refused a message because the connection's send queue already holds
/// <see cref="TransportOptions.MaxQueuedMessages"/> messages: the peer or the network is not keeping up.
/// Use <see cref="Connection.SendAsync"/> to wait for room instead, or shed the work.
/// </summary>
public sealed class TransportBackpressureException : TransportException
{
    public TransportBackpressureException()
    {
    }

    public TransportBackpressureException(string message)
        : base(message)
    {
    }

    public TransportBackpressureException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
