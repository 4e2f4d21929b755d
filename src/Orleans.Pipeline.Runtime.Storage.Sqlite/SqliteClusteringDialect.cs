using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Pipeline.Runtime.Clustering;

namespace Orleans.Pipeline.Runtime.Storage.Sqlite;

/// <summary>
/// The SQLite backend of the cluster database (<see cref="AdoNetMembershipTable"/>, <see cref="AdoNetGrainDirectory"/>):
/// one database file in WAL mode, pooled connections and a busy timeout, so the silos of one machine (one process or
/// several) share the file. Times are stored as Unix milliseconds (<c>INTEGER</c>).
/// </summary>
/// <remarks>
/// Membership writes run in <c>BEGIN IMMEDIATE</c> transactions and directory writes are autocommit statements, so
/// each takes the write lock before it reads and concurrent writers queue on the lock (up to
/// <see cref="SqliteClusteringOptions.BusyTimeout"/>) instead of failing on a stale snapshot. The file must be on a
/// local disk: SQLite's locking is not reliable over network file systems, so a cluster of several machines uses
/// PostgreSQL.
/// </remarks>
public sealed class SqliteClusteringDialect : AdoNetClusteringDialect
{
    private readonly string _connectionString;
    private readonly string _busyTimeoutPragma;

    /// <param name="pathOrConnectionString">A database file path, or a connection string such as <c>Data Source=cluster.db</c>.</param>
    public SqliteClusteringDialect(string pathOrConnectionString)
        : this(new SqliteClusteringOptions { DataSource = pathOrConnectionString })
    {
    }

    /// <param name="options">Where the database is.</param>
    public SqliteClusteringDialect(SqliteClusteringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.DataSource))
        {
            throw new ArgumentException("SQLite clustering needs a database file path or connection string (SqliteClusteringOptions.DataSource).", nameof(options));
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromMilliseconds(int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BusyTimeout, "SqliteClusteringOptions.BusyTimeout must be positive.");
        }

        var builder = options.DataSource.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(options.DataSource)
            : new SqliteConnectionStringBuilder { DataSource = options.DataSource };
        if (string.IsNullOrWhiteSpace(builder.DataSource)
            || builder.DataSource.Equals(":memory:", StringComparison.Ordinal)
            || builder.Mode == SqliteOpenMode.Memory)
        {
            throw new ArgumentException(
                $"SQLite clustering needs a database file; '{options.DataSource}' is not one (the silos of a cluster meet in a file they all open).",
                nameof(options));
        }

        if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            throw new ArgumentException($"SQLite clustering writes to its database; '{options.DataSource}' opens it read-only.", nameof(options));
        }

        // Shared cache would make connections of this process share one lock and bypass WAL's readers-don't-block.
        builder.Cache = SqliteCacheMode.Private;
        builder.Pooling = true;
        builder.DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);
        _connectionString = builder.ToString();
        _busyTimeoutPragma = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};");
        var isUri = builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        DatabasePath = isUri ? builder.DataSource : Path.GetFullPath(builder.DataSource);

        // SQLite creates the file but not its directory.
        if (!isUri && Path.GetDirectoryName(DatabasePath) is { Length: > 0 } directory)
        {
            System.IO.Directory.CreateDirectory(directory);
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
            // Each CREATE ... IF NOT EXISTS checks and creates under the write lock, so processes racing here take turns.
            // WAL is a property of the file: set once, every later connection of every process uses it.
            // STRICT makes the column types binding; WITHOUT ROWID stores each row once, in its primary key's B-tree.
            command.CommandText = $"""
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS {VersionTable} (
                    cluster_id TEXT NOT NULL PRIMARY KEY,
                    version INTEGER NOT NULL
                ) STRICT, WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS {MemberTable} (
                    cluster_id TEXT NOT NULL,
                    address TEXT NOT NULL,
                    silo_name TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    gateway_port INTEGER NOT NULL,
                    start_time INTEGER NOT NULL,
                    i_am_alive_time INTEGER NOT NULL,
                    suspicions TEXT NOT NULL,
                    etag INTEGER NOT NULL,
                    PRIMARY KEY (cluster_id, address)
                ) STRICT, WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS {DirectoryTable} (
                    cluster_id TEXT NOT NULL,
                    grain_type TEXT NOT NULL,
                    grain_key TEXT NOT NULL,
                    silo TEXT NOT NULL,
                    registered_at INTEGER NOT NULL,
                    PRIMARY KEY (cluster_id, grain_type, grain_key)
                ) STRICT, WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS {DirectoryTable}_silo ON {DirectoryTable} (cluster_id, silo);
                """;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Names the silo index: without statistics SQLite's planner prefers the primary key's <c>cluster_id</c> prefix,
    /// which scans every entry of the cluster.
    /// </summary>
    public override string UnregisterSiloSql =>
        $"DELETE FROM {DirectoryTable} INDEXED BY {DirectoryTable}_silo WHERE cluster_id = @cluster_id AND silo = @silo";

    /// <summary>Unix milliseconds.</summary>
    public override object ToTimeValue(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <inheritdoc />
    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
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
