namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// Settings of the silo-to-silo and client-to-silo transport. Every endpoint of a cluster must agree on
/// <see cref="ClusterId"/> and <see cref="ClusterSecret"/>; the rest is local. The values are read once, when a
/// <see cref="TransportListener"/> or <see cref="TransportConnector"/> is created, and validated then.
/// </summary>
public sealed class TransportOptions
{
    /// <summary>The default of <see cref="MaxMessageSize"/>: 64 MiB.</summary>
    public const int DefaultMaxMessageSize = 64 * 1024 * 1024;

    /// <summary>The default of <see cref="MaxFrameSize"/>: 65 MiB, room for the largest default message and its prefix.</summary>
    public const int DefaultMaxFrameSize = 65 * 1024 * 1024;

    /// <summary>The default of <see cref="MaxQueuedMessages"/>: 65,536.</summary>
    public const int DefaultMaxQueuedMessages = 65_536;

    /// <summary>The cluster's name; a peer presenting another one is refused. Required, at most 255 bytes of UTF-8. No default.</summary>
    public string ClusterId { get; set; } = string.Empty;

    /// <summary>
    /// The secret every silo and client of the cluster shares. It never travels over the network: each side proves it
    /// knows the secret with an HMAC over fresh nonces. Required: the transport refuses to start without it. No default.
    /// </summary>
    public string ClusterSecret { get; set; } = string.Empty;

    /// <summary>
    /// The largest message, in bytes, that is sent or accepted. A larger outgoing message is dropped alone
    /// (<see cref="MessageTooLargeException"/>); a larger incoming one closes its connection. Default 64 MiB.
    /// </summary>
    public int MaxMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>
    /// The largest frame, in bytes (a frame is a batch of length-prefixed messages), that is sent or accepted; an
    /// incoming frame above it closes its connection. Must be at least <see cref="MaxMessageSize"/> + 4 so that the
    /// largest message fits in a frame of its own. Default 65 MiB.
    /// </summary>
    public int MaxFrameSize { get; set; } = DefaultMaxFrameSize;

    /// <summary>
    /// How many messages may wait in one connection's send queue. When it is full, <see cref="Connection.Send"/> throws
    /// <see cref="TransportBackpressureException"/> and <see cref="Connection.SendAsync"/> waits. Default 65,536.
    /// </summary>
    public int MaxQueuedMessages { get; set; } = DefaultMaxQueuedMessages;

    /// <summary>How long the handshake of a new connection may take, on either side. Default 5 seconds.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a TCP connect may take before the attempt fails. Default 5 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long <see cref="Connection.CloseAsync"/> waits for already queued messages to be written before it drops
    /// the rest and aborts the connection. Default 5 seconds.
    /// </summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The pause after the first failed connect attempt to a peer; it doubles with each further failure up to
    /// <see cref="ReconnectBackoffMax"/>, and each pause is jittered down by up to half. Default 100 ms.
    /// </summary>
    public TimeSpan ReconnectBackoffMin { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest pause between connect attempts to a peer that keeps failing. Default 5 seconds.</summary>
    public TimeSpan ReconnectBackoffMax { get; set; } = TimeSpan.FromSeconds(5);
}
