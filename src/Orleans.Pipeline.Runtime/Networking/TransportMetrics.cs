using System.Diagnostics.Metrics;

namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// The transport's instruments. Hot paths record once per batch (per flush, per read), not per message. Without an
/// <see cref="IMeterFactory"/> every endpoint shares one process-wide meter.
/// </summary>
internal sealed class TransportMetrics
{
    private static readonly KeyValuePair<string, object?> Inbound = new("direction", "inbound");
    private static readonly KeyValuePair<string, object?> Outbound = new("direction", "outbound");
    private static readonly KeyValuePair<string, object?>[] ReasonTags = Enum.GetValues<HandshakeFailureReason>()
        .Select(static reason => new KeyValuePair<string, object?>("reason", ToSnakeCase(reason.ToString())))
        .ToArray();

    private static readonly Lazy<TransportMetrics> SharedInstance = new(static () => new TransportMetrics(new Meter(TransportInstruments.MeterName)));

    private readonly Counter<long> _messagesSent;
    private readonly Counter<long> _messagesReceived;
    private readonly Counter<long> _messagesDropped;
    private readonly Counter<long> _framesSent;
    private readonly Counter<long> _framesReceived;
    private readonly Counter<long> _bytesSent;
    private readonly Counter<long> _bytesReceived;
    private readonly Counter<long> _flushes;
    private readonly UpDownCounter<long> _connectionsOpen;
    private readonly Counter<long> _handshakeFailures;
    private readonly Counter<long> _protocolErrors;
    private readonly Counter<long> _connectAttempts;
    private readonly Counter<long> _connectFailures;

    private TransportMetrics(Meter meter)
    {
        _messagesSent = meter.CreateCounter<long>(TransportInstruments.MessagesSent, "{message}", "Messages handed to the socket.");
        _messagesReceived = meter.CreateCounter<long>(TransportInstruments.MessagesReceived, "{message}", "Messages delivered to the sink.");
        _messagesDropped = meter.CreateCounter<long>(TransportInstruments.MessagesDropped, "{message}", "Messages accepted for sending but dropped.");
        _framesSent = meter.CreateCounter<long>(TransportInstruments.FramesSent, "{frame}", "Frames written.");
        _framesReceived = meter.CreateCounter<long>(TransportInstruments.FramesReceived, "{frame}", "Frames read.");
        _bytesSent = meter.CreateCounter<long>(TransportInstruments.BytesSent, "By", "Bytes written, framing included.");
        _bytesReceived = meter.CreateCounter<long>(TransportInstruments.BytesReceived, "By", "Bytes read, framing included.");
        _flushes = meter.CreateCounter<long>(TransportInstruments.Flushes, "{flush}", "Batches flushed to the socket.");
        _connectionsOpen = meter.CreateUpDownCounter<long>(TransportInstruments.ConnectionsOpen, "{connection}", "Open connections.");
        _handshakeFailures = meter.CreateCounter<long>(TransportInstruments.HandshakeFailures, "{handshake}", "Refused handshakes.");
        _protocolErrors = meter.CreateCounter<long>(TransportInstruments.ProtocolErrors, "{connection}", "Connections closed for malformed framing.");
        _connectAttempts = meter.CreateCounter<long>(TransportInstruments.ConnectAttempts, "{attempt}", "Outbound connect attempts.");
        _connectFailures = meter.CreateCounter<long>(TransportInstruments.ConnectFailures, "{attempt}", "Failed outbound connect attempts.");
    }

    public static TransportMetrics Create(IMeterFactory? meterFactory) =>
        meterFactory is null ? SharedInstance.Value : new TransportMetrics(meterFactory.Create(TransportInstruments.MeterName));

    public void Sent(int frames, int messages, long bytes)
    {
        _framesSent.Add(frames);
        _messagesSent.Add(messages);
        _bytesSent.Add(bytes);
        _flushes.Add(1);
    }

    public void Received(long frames, int messages, long bytes)
    {
        if (frames > 0)
        {
            _framesReceived.Add(frames);
        }

        if (messages > 0)
        {
            _messagesReceived.Add(messages);
        }

        _bytesReceived.Add(bytes);
    }

    public void Dropped() => _messagesDropped.Add(1);

    public void ConnectionOpened(bool isOutbound) => _connectionsOpen.Add(1, isOutbound ? Outbound : Inbound);

    public void ConnectionClosed(bool isOutbound) => _connectionsOpen.Add(-1, isOutbound ? Outbound : Inbound);

    public void HandshakeFailed(HandshakeFailureReason reason) => _handshakeFailures.Add(1, ReasonTags[(int)reason]);

    public void ProtocolError() => _protocolErrors.Add(1);

    public void ConnectAttempted() => _connectAttempts.Add(1);

    public void ConnectFailed() => _connectFailures.Add(1);

    private static string ToSnakeCase(string name) =>
        string.Concat(name.Select(static (c, i) => char.IsUpper(c) ? (i == 0 ? char.ToLowerInvariant(c).ToString() : "_" + char.ToLowerInvariant(c)) : c.ToString()));
}
