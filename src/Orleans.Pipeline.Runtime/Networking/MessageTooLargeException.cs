namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// A message was larger than <see cref="TransportOptions.MaxMessageSize"/>. On the sending side only that message is
/// dropped (reported through <see cref="IOutgoingMessage.OnSendFailed"/>) and the connection stays usable.
/// </summary>
public sealed class MessageTooLargeException : TransportException
{
    public MessageTooLargeException()
    {
    }

    public MessageTooLargeException(string message)
        : base(message)
    {
    }

    public MessageTooLargeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
