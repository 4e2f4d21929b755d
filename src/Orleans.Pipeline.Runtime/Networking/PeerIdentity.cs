using System.Globalization;
using System.Net;

namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// Who is at the other end of a connection, as it presented itself during the handshake.
/// <see cref="Kind"/> is <see cref="SiloKind"/> or <see cref="ClientKind"/>; <see cref="Id"/> is unique within
/// the cluster: <c>"127.0.0.1:11111@638700000000000000"</c> (endpoint and generation) for a silo, a GUID for a client.
/// Both are at most <see cref="MaxPartLength"/> bytes of UTF-8 and must not be empty.
/// </summary>
/// <param name="Kind">The kind of endpoint: <see cref="SiloKind"/> or <see cref="ClientKind"/>.</param>
/// <param name="Id">The endpoint's identifier, unique within the cluster.</param>
public readonly record struct PeerIdentity(string Kind, string Id)
{
    /// <summary>The <see cref="Kind"/> of a silo.</summary>
    public const string SiloKind = "silo";

    /// <summary>The <see cref="Kind"/> of a client.</summary>
    public const string ClientKind = "client";

    /// <summary>The longest <see cref="Kind"/> or <see cref="Id"/>, in UTF-8 bytes; the handshake carries each with a one-byte length.</summary>
    public const int MaxPartLength = 255;

    /// <summary>The identity of a silo listening on <paramref name="endpoint"/>, started at <paramref name="generation"/>
    /// (a number that grows with every restart, e.g. the start time in ticks).</summary>
    public static PeerIdentity Silo(IPEndPoint endpoint, long generation)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new PeerIdentity(SiloKind, string.Create(CultureInfo.InvariantCulture, $"{endpoint}@{generation}"));
    }

    /// <summary>The identity of a client.</summary>
    public static PeerIdentity Client(Guid id) => new(ClientKind, id.ToString("D"));

    /// <summary><c>true</c> when this is a silo's identity.</summary>
    public bool IsSilo => string.Equals(Kind, SiloKind, StringComparison.Ordinal);

    /// <summary><c>true</c> when this is a client's identity.</summary>
    public bool IsClient => string.Equals(Kind, ClientKind, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => $"{Kind}/{Id}";
}
