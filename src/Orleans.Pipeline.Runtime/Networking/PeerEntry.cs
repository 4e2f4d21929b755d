using System.Net;

namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// The <see cref="TransportConnector"/>'s state for one peer endpoint. Every field is guarded by locking the entry,
/// except <see cref="Connection"/>, which is also read without the lock on the fast path (a stale read only sends the
/// caller down the locked slow path).
/// </summary>
internal sealed class PeerEntry
{
    public PeerEntry(EndPoint endPoint) => EndPoint = endPoint;

    public EndPoint EndPoint { get; }

    public volatile Connection? Connection;

    /// <summary>The connect attempt in progress, shared by every caller that arrives while it runs.</summary>
    public Task<Connection>? PendingConnect;

    public int ConsecutiveFailures;

    public DateTimeOffset RetryAfter;

    public Exception? LastError;

    /// <summary>Set by <see cref="TransportConnector.CloseAsync"/>: a connect that completes afterwards is closed at once.</summary>
    public bool Removed;
}
