namespace Orleans.Pipeline.Runtime.Storage.Sqlite;

/// <summary>Where and how <see cref="SqliteGrainStorage"/> keeps grain states.</summary>
public sealed class SqliteGrainStorageOptions
{
    /// <summary>
    /// The database: a file path (created with its directory if missing), or a Microsoft.Data.Sqlite connection
    /// string (recognized by containing <c>=</c>, e.g. <c>Data Source=state.db</c>). Required.
    /// </summary>
    public string DataSource { get; set; } = "";

    /// <summary>The table that holds the states. Default: <c>grain_state</c>.</summary>
    public string TableName { get; set; } = Persistence.AdoNetStorageDialect.DefaultTableName;

    /// <summary>
    /// How long a statement waits for another connection or process holding the write lock before it fails.
    /// Default: 30 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
