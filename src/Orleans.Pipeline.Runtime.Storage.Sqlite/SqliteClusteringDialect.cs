using System.Data.Common;
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
    private readonly SqliteDatabaseFile _database;

    /// <param name="pathOrConnectionString">A database file path, or a connection string such as <c>Data Source=cluster.db</c>.</param>
    public SqliteClusteringDialect(string pathOrConnectionString)
        : this(new SqliteClusteringOptions { DataSource = pathOrConnectionString })
    {
    }

    /// <param name="options">Where the database is.</param>
    public SqliteClusteringDialect(SqliteClusteringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _database = new SqliteDatabaseFile(options.DataSource, options.BusyTimeout, "SQLite clustering needs", "SqliteClusteringOptions", "the silos of a cluster meet in a file they all open", mustWrite: true);
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
            using var connection = new SqliteConnection(_database.ConnectionString);
            SqliteConnection.ClearPool(connection);
        }

        base.Dispose(disposing);
    }
}
