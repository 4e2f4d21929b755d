using System.Data.Common;
using Microsoft.Data.Sqlite;
using Orleans.Pipeline.Runtime.Streams;

namespace Orleans.Pipeline.Runtime.Storage.Sqlite;

/// <summary>
/// The SQLite backend of durable stream queues (<see cref="AdoNetStreamQueue"/>): one database file in WAL mode, pooled
/// connections and a busy timeout, shared by the silos of one machine. Writes run in <c>BEGIN IMMEDIATE</c>
/// transactions, so they take the write lock before reading and concurrent writers queue on it.
/// </summary>
/// <remarks>
/// SQLite commits one transaction at a time per file, which is what group commit is for: each transaction carries
/// every entry queued while the previous one committed. The file must be on a local disk.
/// </remarks>
public sealed class SqliteStreamQueueDialect : AdoNetStreamQueueDialect
{
    private readonly SqliteDatabaseFile _database;

    /// <param name="pathOrConnectionString">A database file path, or a connection string such as <c>Data Source=cluster.db</c>.</param>
    public SqliteStreamQueueDialect(string pathOrConnectionString)
        : this(new SqliteStreamQueueOptions { DataSource = pathOrConnectionString })
    {
    }

    /// <param name="options">Where the database is.</param>
    public SqliteStreamQueueDialect(SqliteStreamQueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _database = new SqliteDatabaseFile(options.DataSource, options.BusyTimeout, "SQLite stream queues need", "SqliteStreamQueueOptions", "a durable queue must outlive the process", mustWrite: true);
    }

    /// <inheritdoc />
    public override string Name => "SQLite";

    /// <summary>Microsoft.Data.Sqlite's async methods run synchronously, waits for the write lock included.</summary>
    public override bool BlocksCallingThread => true;

    /// <summary>The full path of the database file (or the <c>file:</c> URI as given).</summary>
    public string DatabasePath => _database.Path;

    /// <inheritdoc />
    public override ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        _database.OpenAsync(cancellationToken);

    /// <inheritdoc />
    public override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            // Entries are rowid rows (their payloads can be large); owners are small rows stored in their key's B-tree.
            command.CommandText = $"""
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS {OwnerTable} (
                    queue_id TEXT NOT NULL PRIMARY KEY,
                    epoch INTEGER NOT NULL,
                    owner TEXT NOT NULL
                ) STRICT, WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS {QueueTable} (
                    queue_id TEXT NOT NULL,
                    entry_position INTEGER NOT NULL,
                    producer_id TEXT NOT NULL,
                    first_sequence INTEGER NOT NULL,
                    item_count INTEGER NOT NULL,
                    kind INTEGER NOT NULL,
                    payload BLOB NOT NULL,
                    PRIMARY KEY (queue_id, entry_position)
                ) STRICT;
                """;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes this database's idle pooled connections, releasing the file.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            using var connection = new SqliteConnection(_database.ConnectionString);
            SqliteConnection.ClearPool(connection);
        }

        base.Dispose(disposing);
    }
}
