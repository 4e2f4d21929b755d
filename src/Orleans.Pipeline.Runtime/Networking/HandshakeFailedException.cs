using System.Net;

namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// The connection was closed during the handshake, before any message flowed; <see cref="Reason"/> says why.
/// A <see cref="HandshakeFailureReason.SecretMismatch"/> or <see cref="HandshakeFailureReason.ClusterIdMismatch"/>
/// means the two endpoints are configured for different clusters: compare their <see cref="TransportOptions"/>.
/// </summary>
public sealed class HandshakeFailedException : TransportException
{
    public HandshakeFailedException()
    {
    }

    public HandshakeFailedException(string message)
        : base(message)
    {
    }

    public HandshakeFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public HandshakeFailedException(HandshakeFailureReason reason, EndPoint? remoteEndPoint, string detail, Exception? innerException = null)
        : base($"handshake with {remoteEndPoint?.ToString() ?? "an unknown endpoint"} failed: {detail}", innerException)
    {
        Reason = reason;
        RemoteEndPoint = remoteEndPoint;
        Detail = detail;
    }

    /// <summary>Why the handshake failed.</summary>
    public HandshakeFailureReason Reason { get; }

    /// <summary>The other end of the refused connection.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>The reason in words, without the endpoint.</summary>
    public string Detail { get; } = string.Empty;
}
