namespace Orleans.Pipeline.Runtime.Storage.Sqlite;

/// <summary>Where and how <see cref="SqliteClusteringDialect"/> keeps the membership table and the grain directory.</summary>
public sealed class SqliteClusteringOptions
{
    /// <summary>
    /// The database: a file path (created with its directory if missing), or a Microsoft.Data.Sqlite connection
    /// string (recognized by containing <c>=</c>, e.g. <c>Data Source=cluster.db</c>). It may be the same file as the
    /// grain storage's. Required.
    /// </summary>
    public string DataSource { get; set; } = "";

    /// <summary>
    /// How long a statement waits for another connection or process holding the write lock before it fails.
    /// Default: 30 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
