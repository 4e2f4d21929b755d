using System.Data.Common;
using System.Globalization;
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
    private readonly string _connectionString;
    private readonly string _busyTimeoutPragma;

    /// <param name="pathOrConnectionString">A database file path, or a connection string such as <c>Data Source=cluster.db</c>.</param>
    public SqliteStreamQueueDialect(string pathOrConnectionString)
        : this(new SqliteStreamQueueOptions { DataSource = pathOrConnectionString })
    {
    }

    /// <param name="options">Where the database is.</param>
    public SqliteStreamQueueDialect(SqliteStreamQueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.DataSource))
        {
            throw new ArgumentException("SQLite stream queues need a database file path or connection string (SqliteStreamQueueOptions.DataSource).", nameof(options));
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromMilliseconds(int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BusyTimeout, "SqliteStreamQueueOptions.BusyTimeout must be positive.");
        }

        var builder = options.DataSource.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(options.DataSource)
            : new SqliteConnectionStringBuilder { DataSource = options.DataSource };
        if (string.IsNullOrWhiteSpace(builder.DataSource)
            || builder.DataSource.Equals(":memory:", StringComparison.Ordinal)
            || builder.Mode is SqliteOpenMode.Memory or SqliteOpenMode.ReadOnly)
        {
            throw new ArgumentException(
                $"SQLite stream queues need a database file they can write; '{options.DataSource}' is not one (a durable queue must outlive the process).",
                nameof(options));
        }

        // Shared cache would make connections of this process share one lock and bypass WAL's readers-don't-block.
        builder.Cache = SqliteCacheMode.Private;
        builder.Pooling = true;
        builder.DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);
        _connectionString = builder.ToString();
        _busyTimeoutPragma = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};");
        var isUri = builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        DatabasePath = isUri ? builder.DataSource : Path.GetFullPath(builder.DataSource);
        if (!isUri && Path.GetDirectoryName(DatabasePath) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
    }

    /// <inheritdoc />
    public override string Name => "SQLite";

    /// <summary>Microsoft.Data.Sqlite's async methods run synchronously, waits for the write lock included.</summary>
    public override bool BlocksCallingThread => true;

    /// <summary>The full path of the database file (or the <c>file:</c> URI as given).</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // SQLite's own busy handler backs off in milliseconds; without it the provider polls every 150 ms.
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = _busyTimeoutPragma;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

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
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }

        base.Dispose(disposing);
    }
}
