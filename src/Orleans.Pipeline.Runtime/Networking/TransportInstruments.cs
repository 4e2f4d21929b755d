namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// Names of the transport's meter and instruments (System.Diagnostics.Metrics), for <c>dotnet-counters</c>,
/// OpenTelemetry views and tests. Counters are cumulative; <see cref="ConnectionsOpen"/> goes up and down.
/// </summary>
public static class TransportInstruments
{
    /// <summary>The meter every transport instrument belongs to.</summary>
    public const string MeterName = "Orleans.Pipeline.Runtime.Networking";

    /// <summary>Messages handed to the socket.</summary>
    public const string MessagesSent = "orleans.pipeline.transport.messages.sent";

    /// <summary>Messages delivered to the sink.</summary>
    public const string MessagesReceived = "orleans.pipeline.transport.messages.received";

    /// <summary>Messages accepted by Send but dropped (write failure, too large, connection closed).</summary>
    public const string MessagesDropped = "orleans.pipeline.transport.messages.dropped";

    /// <summary>Frames written; fewer frames than messages means batching happened.</summary>
    public const string FramesSent = "orleans.pipeline.transport.frames.sent";

    /// <summary>Frames read.</summary>
    public const string FramesReceived = "orleans.pipeline.transport.frames.received";

    /// <summary>Bytes written after the handshake, framing included.</summary>
    public const string BytesSent = "orleans.pipeline.transport.bytes.sent";

    /// <summary>Bytes read after the handshake, framing included.</summary>
    public const string BytesReceived = "orleans.pipeline.transport.bytes.received";

    /// <summary>Flushes of a connection's output: each moves a batch of frames to the socket.</summary>
    public const string Flushes = "orleans.pipeline.transport.flushes";

    /// <summary>Connections past their handshake and not yet closed; tagged <c>direction</c> = <c>inbound</c> or <c>outbound</c>.</summary>
    public const string ConnectionsOpen = "orleans.pipeline.transport.connections.open";

    /// <summary>Refused handshakes; tagged <c>reason</c> (a <see cref="HandshakeFailureReason"/> in snake_case).</summary>
    public const string HandshakeFailures = "orleans.pipeline.transport.handshake.failures";

    /// <summary>Connections closed because the peer broke the framing.</summary>
    public const string ProtocolErrors = "orleans.pipeline.transport.protocol.errors";

    /// <summary>Outbound connect attempts (a TCP connect followed by a handshake).</summary>
    public const string ConnectAttempts = "orleans.pipeline.transport.connect.attempts";

    /// <summary>Outbound connect attempts that failed.</summary>
    public const string ConnectFailures = "orleans.pipeline.transport.connect.failures";
}
