using System.Net;
using Microsoft.Extensions.Logging;

namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>The transport's log events.</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Transport listening on {EndPoint} as {Identity}.")]
    public static partial void ListenerStarted(ILogger logger, EndPoint endPoint, PeerIdentity identity);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Transport listener on {EndPoint} stopped; closed {ConnectionCount} connections.")]
    public static partial void ListenerStopped(ILogger logger, EndPoint endPoint, int connectionCount);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Transport listener on {EndPoint} can no longer accept connections.")]
    public static partial void AcceptFailed(ILogger logger, EndPoint endPoint, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Refused connection with {RemoteEndPoint}: handshake failed ({Reason}): {Detail}.")]
    public static partial void HandshakeFailed(ILogger logger, EndPoint remoteEndPoint, HandshakeFailureReason reason, string detail);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Accepted connection from {Peer} at {RemoteEndPoint}.")]
    public static partial void ConnectionAccepted(ILogger logger, PeerIdentity peer, EndPoint remoteEndPoint);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Connected to {Peer} at {RemoteEndPoint}.")]
    public static partial void ConnectionEstablished(ILogger logger, PeerIdentity peer, EndPoint remoteEndPoint);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Connection with {Peer} at {RemoteEndPoint} closed.")]
    public static partial void ConnectionClosed(ILogger logger, PeerIdentity peer, EndPoint remoteEndPoint);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Connection with {Peer} at {RemoteEndPoint} closed: {Reason}")]
    public static partial void ConnectionFailed(ILogger logger, PeerIdentity peer, EndPoint remoteEndPoint, string reason, Exception exception);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Closing connection with {Peer} at {RemoteEndPoint}: it sent malformed data: {Detail}")]
    public static partial void ProtocolViolation(ILogger logger, PeerIdentity peer, EndPoint remoteEndPoint, string detail);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "The message sink threw while handling the connection with {Peer} at {RemoteEndPoint}; closing that connection.")]
    public static partial void SinkFailed(ILogger logger, PeerIdentity peer, EndPoint remoteEndPoint, Exception exception);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "A message for {Peer} at {RemoteEndPoint} was dropped: {Reason}")]
    public static partial void MessageDropped(ILogger logger, PeerIdentity peer, EndPoint remoteEndPoint, string reason, Exception exception);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "IOutgoingMessage.OnSendFailed threw for a message to {Peer} at {RemoteEndPoint}.")]
    public static partial void SendFailureCallbackFailed(ILogger logger, PeerIdentity peer, EndPoint remoteEndPoint, Exception exception);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Connecting to {EndPoint} failed ({ConsecutiveFailures} in a row); next attempt in {RetryDelayMs} ms.")]
    public static partial void ConnectFailed(ILogger logger, EndPoint endPoint, int consecutiveFailures, long retryDelayMs, Exception exception);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "Setting up the connection from {RemoteEndPoint} failed unexpectedly; it was closed.")]
    public static partial void AcceptConnectionFailed(ILogger logger, EndPoint remoteEndPoint, Exception exception);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "Closing the connection with {Peer} at {RemoteEndPoint} failed unexpectedly.")]
    public static partial void CloseFailed(ILogger logger, PeerIdentity peer, EndPoint remoteEndPoint, Exception exception);
}
