namespace Orleans.Pipeline.Runtime.Hosting;

/// <summary>
/// How a silo joins its cluster. Clustering is on when a membership table and a grain directory are registered
/// (e.g. <c>AddSqliteClustering</c> or <c>AddPostgresClustering</c>); then silos and clients talk over TCP and
/// prove knowledge of <see cref="ClusterSecret"/> on every connection.
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>The cluster's name; silos of other clusters sharing the database are ignored. Default <c>default</c>.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>The shared secret every silo and client must prove. Required for a cluster; never sent over the wire.</summary>
    public string ClusterSecret { get; set; } = "";

    /// <summary>The address this silo listens on and advertises to others. Default 127.0.0.1 (this machine only).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The TCP port for silos and clients. Default 0: a free port chosen at start.</summary>
    public int Port { get; set; }
}
