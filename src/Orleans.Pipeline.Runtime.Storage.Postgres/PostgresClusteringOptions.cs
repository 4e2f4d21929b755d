namespace Orleans.Pipeline.Runtime.Storage.Postgres;

/// <summary>Where <see cref="PostgresClusteringDialect"/> keeps the membership table and the grain directory.</summary>
public sealed class PostgresClusteringOptions
{
    /// <summary>
    /// An Npgsql connection string, e.g. <c>Host=db;Database=pipeline;Username=pipeline;Password=...</c>; may be the
    /// grain storage's database. The tables go to the connection's default schema. Required.
    /// </summary>
    public string ConnectionString { get; set; } = "";
}
