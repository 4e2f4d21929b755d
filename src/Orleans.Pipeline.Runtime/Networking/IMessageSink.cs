using System.Buffers;

namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// Receives what arrives on the connections of one <see cref="TransportListener"/> or <see cref="TransportConnector"/>.
/// Calls for one connection never overlap and come in this order: <see cref="OnConnectionOpened"/>, any number of
/// <see cref="OnMessage"/>, then <see cref="OnConnectionClosed"/> exactly once. Calls for different connections run
/// concurrently. An exception thrown by <see cref="OnMessage"/> closes that connection (and only that one).
/// </summary>
public interface IMessageSink
{
    /// <summary>A connection finished its handshake; messages may follow. Must not block.</summary>
    void OnConnectionOpened(Connection connection);

    /// <summary>
    /// One message from <paramref name="connection"/>, in the order the peer sent it. Runs on the connection's read
    /// loop: it must not block, and while it runs no further message of that connection is read. The bytes of
    /// <paramref name="message"/> are valid only until this method returns; a consumer that keeps them must copy.
    /// </summary>
    void OnMessage(Connection connection, ReadOnlySequence<byte> message);

    /// <summary>
    /// The connection closed: <paramref name="error"/> is <c>null</c> for an orderly close (either side), otherwise
    /// why it broke. Called once, after the connection's loops stopped, on a thread-pool thread. Must not block.
    /// </summary>
    void OnConnectionClosed(Connection connection, Exception? error);
}
