namespace Orleans.Pipeline.Runtime.Client;

/// <summary>How a client finds and joins a cluster.</summary>
public sealed class ClientOptions
{
    /// <summary>The cluster to join; must match the silos'. Default <c>default</c>.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>The cluster's shared secret; the gateways refuse a client without it. Required.</summary>
    public string ClusterSecret { get; set; } = "";

    /// <summary>
    /// Gateway endpoints (<c>host:port</c>). When empty, the client reads the live gateways from the membership
    /// table registered in its services (the cluster database).
    /// </summary>
    public IList<string> Gateways { get; } = [];

    /// <summary>How long a call waits for its answer. Default 30 s.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long connecting to the cluster may take before it fails. Default 30 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
