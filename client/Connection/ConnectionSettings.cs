namespace Orleans.Pipeline.Client.Connection;

/// <summary>Where the cluster is and how to prove membership, as given on the command line.</summary>
/// <param name="Gateways">Gateway endpoints (<c>host:port</c>); when empty, the gateways are read from the cluster database.</param>
/// <param name="ClusterId">The cluster id; <c>default</c> like silo-host's.</param>
/// <param name="Secret">The cluster secret itself, if given.</param>
/// <param name="SecretFile">A file holding the cluster secret, if given.</param>
/// <param name="DataDirectory">A local silo-host's data directory: its <c>cluster.secret</c> and <c>cluster.db</c>.</param>
/// <param name="Database">The cluster database: a SQLite file, or a PostgreSQL connection string (<c>Host=…</c>).</param>
/// <param name="ConnectTimeout">How long connecting may take.</param>
internal sealed record ConnectionSettings(
    IReadOnlyList<string> Gateways,
    string ClusterId,
    string? Secret,
    string? SecretFile,
    string? DataDirectory,
    string? Database,
    TimeSpan ConnectTimeout);
