namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>Why a connection was refused before any message could flow.</summary>
public enum HandshakeFailureReason
{
    /// <summary>The handshake did not finish within <see cref="TransportOptions.HandshakeTimeout"/>.</summary>
    Timeout,

    /// <summary>The peer closed the connection during the handshake, typically because it refused this endpoint.</summary>
    PeerClosed,

    /// <summary>The first bytes were not a transport hello: the peer is some other kind of server or client.</summary>
    NotATransportPeer,

    /// <summary>The peer speaks another version of the transport protocol.</summary>
    ProtocolVersionMismatch,

    /// <summary>The peer belongs to another cluster.</summary>
    ClusterIdMismatch,

    /// <summary>The peer could not prove that it knows the cluster secret.</summary>
    SecretMismatch,

    /// <summary>The peer presented an unusable identity (empty, or this endpoint's own identity).</summary>
    IdentityRejected,

    /// <summary>The hello was structurally invalid.</summary>
    Malformed,
}
