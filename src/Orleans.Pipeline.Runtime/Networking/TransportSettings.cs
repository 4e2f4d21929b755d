using System.Text;

namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// A validated, immutable copy of <see cref="TransportOptions"/> taken when an endpoint is created, so that options
/// changed afterwards cannot break invariants of connections already running (frame limits, buffer sizes).
/// </summary>
internal sealed class TransportSettings
{
    private TransportSettings(TransportOptions options, PeerIdentity localIdentity)
    {
        ClusterId = options.ClusterId;
        ClusterIdBytes = Encoding.UTF8.GetBytes(options.ClusterId);
        SecretKey = Encoding.UTF8.GetBytes(options.ClusterSecret);
        LocalIdentity = localIdentity;
        LocalKindBytes = Encoding.UTF8.GetBytes(localIdentity.Kind);
        LocalIdBytes = Encoding.UTF8.GetBytes(localIdentity.Id);
        MaxMessageSize = options.MaxMessageSize;
        MaxFrameSize = options.MaxFrameSize;
        MaxQueuedMessages = options.MaxQueuedMessages;
        HandshakeTimeout = options.HandshakeTimeout;
        ConnectTimeout = options.ConnectTimeout;
        CloseTimeout = options.CloseTimeout;
        ReconnectBackoffMin = options.ReconnectBackoffMin;
        ReconnectBackoffMax = options.ReconnectBackoffMax;
    }

    public string ClusterId { get; }

    public byte[] ClusterIdBytes { get; }

    public byte[] SecretKey { get; }

    public PeerIdentity LocalIdentity { get; }

    public byte[] LocalKindBytes { get; }

    public byte[] LocalIdBytes { get; }

    public int MaxMessageSize { get; }

    public int MaxFrameSize { get; }

    public int MaxQueuedMessages { get; }

    public TimeSpan HandshakeTimeout { get; }

    public TimeSpan ConnectTimeout { get; }

    public TimeSpan CloseTimeout { get; }

    public TimeSpan ReconnectBackoffMin { get; }

    public TimeSpan ReconnectBackoffMax { get; }

    /// <summary>
    /// The socket's receive buffer must hold one whole message plus its frame and message prefixes, or a maximal
    /// message could never be completed; the slack lets the next reads proceed while it is dispatched.
    /// </summary>
    public long MaxReadBufferSize => (long)MaxMessageSize + 8 + (64 * 1024);

    /// <summary>Unsent bytes beyond which a flush waits for the socket; large enough that serializing the next batch overlaps sending this one.</summary>
    public static long MaxWriteBufferSize => 1024 * 1024;

    public static TransportSettings Create(TransportOptions options, PeerIdentity localIdentity)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.ClusterSecret))
        {
            throw new ArgumentException(
                "TransportOptions.ClusterSecret is empty. Set it to the cluster's shared secret (the same value on every silo and client); the transport refuses to start without one, since anyone could otherwise join the cluster.",
                nameof(options));
        }

        if (string.IsNullOrEmpty(options.ClusterId))
        {
            throw new ArgumentException("TransportOptions.ClusterId is empty. Set it to the cluster's name (the same value on every silo and client).", nameof(options));
        }

        RequireShort(options.ClusterId, "TransportOptions.ClusterId");
        if (string.IsNullOrEmpty(localIdentity.Kind) || string.IsNullOrEmpty(localIdentity.Id))
        {
            throw new ArgumentException($"The local identity {localIdentity} needs a non-empty Kind and Id, e.g. PeerIdentity.Silo(endpoint, generation) or PeerIdentity.Client(Guid.NewGuid()).", nameof(localIdentity));
        }

        RequireShort(localIdentity.Kind, "PeerIdentity.Kind");
        RequireShort(localIdentity.Id, "PeerIdentity.Id");
        if (options.MaxMessageSize <= 0)
        {
            throw new ArgumentException($"TransportOptions.MaxMessageSize is {options.MaxMessageSize}; it must be positive (default {TransportOptions.DefaultMaxMessageSize}).", nameof(options));
        }

        if (options.MaxFrameSize < FrameWriter.MinFrameSize || (long)options.MaxFrameSize < (long)options.MaxMessageSize + 4)
        {
            throw new ArgumentException(
                $"TransportOptions.MaxFrameSize is {options.MaxFrameSize}; it must be at least MaxMessageSize + 4 ({(long)options.MaxMessageSize + 4}) and at least {FrameWriter.MinFrameSize}, so the largest message fits in a frame. Raise MaxFrameSize together with MaxMessageSize.",
                nameof(options));
        }

        if (options.MaxQueuedMessages <= 0)
        {
            throw new ArgumentException($"TransportOptions.MaxQueuedMessages is {options.MaxQueuedMessages}; it must be positive (default {TransportOptions.DefaultMaxQueuedMessages}).", nameof(options));
        }

        RequirePositive(options.HandshakeTimeout, "TransportOptions.HandshakeTimeout");
        RequirePositive(options.ConnectTimeout, "TransportOptions.ConnectTimeout");
        RequirePositive(options.CloseTimeout, "TransportOptions.CloseTimeout");
        RequirePositive(options.ReconnectBackoffMin, "TransportOptions.ReconnectBackoffMin");
        if (options.ReconnectBackoffMax < options.ReconnectBackoffMin)
        {
            throw new ArgumentException($"TransportOptions.ReconnectBackoffMax ({options.ReconnectBackoffMax}) is below ReconnectBackoffMin ({options.ReconnectBackoffMin}).", nameof(options));
        }

        return new TransportSettings(options, localIdentity);
    }

    private static void RequireShort(string value, string name)
    {
        if (Encoding.UTF8.GetByteCount(value) > PeerIdentity.MaxPartLength)
        {
            throw new ArgumentException($"{name} \"{value}\" is longer than {PeerIdentity.MaxPartLength} bytes of UTF-8, the most the handshake can carry.", nameof(value));
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} is {value}; it must be positive.", nameof(value));
        }
    }
}
