using System.Buffers;

namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// A message queued on a <see cref="Connection"/>. The transport treats its bytes as opaque: the message writes
/// itself when the connection's writer loop gets to it, straight into the outgoing frame, so sending does not copy
/// or allocate per message.
/// </summary>
public interface IOutgoingMessage
{
    /// <summary>
    /// Writes the message's bytes. Called once per <see cref="Connection.Send"/>, on the connection's writer loop,
    /// possibly long after <see cref="Connection.Send"/> returned, so the message must not change in between.
    /// Writing more than <see cref="TransportOptions.MaxMessageSize"/> bytes, or throwing, drops only this message:
    /// nothing of it reaches the peer and <see cref="OnSendFailed"/> is called.
    /// </summary>
    void WriteTo(IBufferWriter<byte> output);

    /// <summary>
    /// Called at most once, instead of the message reaching the socket, when a message accepted by
    /// <see cref="Connection.Send"/> is dropped: <see cref="WriteTo"/> threw (the exception is the inner exception of a
    /// <see cref="TransportException"/>), the message was larger than <see cref="TransportOptions.MaxMessageSize"/>
    /// (<see cref="MessageTooLargeException"/>), or the connection closed before it was written
    /// (<see cref="ConnectionClosedException"/>). Runs on the writer loop or the closing task: it must not block.
    /// Not being called means the bytes were handed to the socket, not that the peer processed them.
    /// </summary>
    void OnSendFailed(Exception error);
}
