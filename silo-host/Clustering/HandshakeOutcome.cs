namespace Orleans.Pipeline.SiloHost.Clustering;

/// <summary>What one member answered to <see cref="ClusterSecretCheck"/>'s handshake.</summary>
internal enum HandshakeOutcome
{
    /// <summary>The handshake completed: the member shares the secret.</summary>
    Accepted,

    /// <summary>The member proved a different secret (or cluster id).</summary>
    Refused,

    /// <summary>No verdict: the member could not be reached or the connection failed for another reason.</summary>
    Unreachable,
}
