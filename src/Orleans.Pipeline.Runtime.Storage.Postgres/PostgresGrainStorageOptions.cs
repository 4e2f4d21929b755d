namespace Orleans.Pipeline.Runtime.Storage.Postgres;

/// <summary>Where <see cref="PostgresGrainStorage"/> keeps grain states.</summary>
public sealed class PostgresGrainStorageOptions
{
    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Database=pipeline;Username=pipeline;Password=...</c>. Required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The table that holds the states, in the connection's default schema. Default: <c>grain_state</c>.</summary>
    public string TableName { get; set; } = Persistence.AdoNetStorageDialect.DefaultTableName;
}
