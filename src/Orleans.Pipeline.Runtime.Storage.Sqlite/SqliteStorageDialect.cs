using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.Storage.Sqlite;

/// <summary>
/// The SQLite backend of <see cref="AdoNetGrainStorage"/>: one database file in WAL mode, pooled connections and a
/// busy timeout, so many writers in one process and several processes on one machine can share the file.
/// </summary>
/// <remarks>
/// Each statement is its own transaction and takes the write lock before it reads (an autocommit UPDATE or DELETE),
/// so concurrent writers queue on the lock instead of failing on a stale snapshot. The file must be on a local disk:
/// SQLite's locking is not reliable over network file systems.
/// </remarks>
public sealed class SqliteStorageDialect : AdoNetStorageDialect
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    private readonly string _connectionString;
    private readonly string _busyTimeoutPragma;

    public SqliteStorageDialect(SqliteGrainStorageOptions options)
        : base((options ?? throw new ArgumentNullException(nameof(options))).TableName)
    {
        if (string.IsNullOrWhiteSpace(options.DataSource))
        {
            throw new ArgumentException("SQLite grain storage needs a database file path or connection string (SqliteGrainStorageOptions.DataSource).", nameof(options));
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromMilliseconds(int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BusyTimeout, "SqliteGrainStorageOptions.BusyTimeout must be positive.");
        }

        var builder = options.DataSource.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(options.DataSource)
            : new SqliteConnectionStringBuilder { DataSource = options.DataSource };
        if (string.IsNullOrWhiteSpace(builder.DataSource)
            || builder.DataSource.Equals(":memory:", StringComparison.Ordinal)
            || builder.Mode == SqliteOpenMode.Memory)
        {
            throw new ArgumentException(
                $"SQLite grain storage needs a database file; '{options.DataSource}' is not one (an in-memory database would lose the states).",
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

        // SQLite creates the file but not its directory.
        if (!isUri && builder.Mode != SqliteOpenMode.ReadOnly && Path.GetDirectoryName(DatabasePath) is { Length: > 0 } directory)
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
            // A pooled connection keeps the setting, but telling which one is new costs more than this statement.
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
            // WAL is a property of the file: set once, every later connection of every process uses it.
            // STRICT makes the column types binding (no text stored in the version column).
            command.CommandText = $"""
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS {TableName} (
                    grain_type TEXT NOT NULL,
                    grain_key TEXT NOT NULL,
                    state_name TEXT NOT NULL,
                    payload BLOB NOT NULL,
                    version INTEGER NOT NULL,
                    modified_at TEXT NOT NULL,
                    PRIMARY KEY (grain_type, grain_key, state_name)
                ) STRICT;
                """;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException
        {
            SqliteErrorCode: SqliteConstraint,
            SqliteExtendedErrorCode: SqliteConstraintPrimaryKey or SqliteConstraintUnique,
        };

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
