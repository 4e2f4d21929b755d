using System.Net;

namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// <see cref="TransportConnector.GetConnectionAsync"/> could not connect to the peer: the connect or the handshake
/// failed (the inner exception says which), or an earlier attempt failed recently and the connector is backing off
/// until <see cref="RetryAfter"/> instead of hammering a peer that is down.
/// </summary>
public sealed class ConnectionFailedException : TransportException
{
    public ConnectionFailedException()
    {
    }

    public ConnectionFailedException(string message)
        : base(message)
    {
    }

    public ConnectionFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ConnectionFailedException(EndPoint endPoint, int consecutiveFailures, DateTimeOffset retryAfter, string message, Exception? innerException)
        : base(message, innerException)
    {
        EndPoint = endPoint;
        ConsecutiveFailures = consecutiveFailures;
        RetryAfter = retryAfter;
    }

    /// <summary>The peer endpoint that could not be reached.</summary>
    public EndPoint? EndPoint { get; }

    /// <summary>How many connect attempts in a row have failed.</summary>
    public int ConsecutiveFailures { get; }

    /// <summary>When the connector will try again (by the connector's <see cref="TimeProvider"/>); calls before then fail at once.</summary>
    public DateTimeOffset RetryAfter { get; }
}
