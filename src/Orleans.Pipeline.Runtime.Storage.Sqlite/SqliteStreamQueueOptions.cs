namespace Orleans.Pipeline.Runtime.Storage.Sqlite;

/// <summary>Where and how <see cref="SqliteStreamQueueDialect"/> keeps durable stream queues.</summary>
public sealed class SqliteStreamQueueOptions
{
    /// <summary>
    /// The database: a file path (created with its directory if missing), or a Microsoft.Data.Sqlite connection string
    /// (recognized by containing <c>=</c>). Usually the cluster database. Required.
    /// </summary>
    public string DataSource { get; set; } = "";

    /// <summary>How long a statement waits for another connection or process holding the write lock. Default: 30 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
