using System.Data.Common;
using Microsoft.Data.Sqlite;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.Storage.Sqlite;

/// <summary>
/// The SQLite backend of <see cref="AdoNetGrainStorage"/>: one database file in WAL mode, pooled connections and a
/// busy timeout, so many writers in one process and several processes on one machine can share the file.
/// </summary>
/// <remarks>
/// SQLite commits one transaction at a time per file, which is what the storage's group commit is for: each write
/// transaction (<c>BEGIN IMMEDIATE</c>, or a lone autocommit statement) takes the write lock before it reads, so
/// writers of other processes queue on the lock instead of failing on a stale snapshot, and carries every write queued
/// while the previous one committed. The file must be on a local disk: SQLite's locking is not reliable over network
/// file systems.
/// </remarks>
public sealed class SqliteStorageDialect : AdoNetStorageDialect
{
    private const int SqliteTooBig = 18;
    private const int SqliteConstraint = 19;
    private const int SqliteMismatch = 20;

    private readonly SqliteDatabaseFile _database;

    public SqliteStorageDialect(SqliteGrainStorageOptions options)
        : base((options ?? throw new ArgumentNullException(nameof(options))).TableName)
    {
        _database = new SqliteDatabaseFile(options.DataSource, options.BusyTimeout, "SQLite grain storage needs", "SqliteGrainStorageOptions", "an in-memory database would lose the states", mustWrite: false);
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

    /// <summary>
    /// Only errors that one row causes: too big, a constraint or trigger refusing it, a type mismatch. Microsoft.Data.Sqlite
    /// calls no error transient, so without this a busy or full database would pass for a bad row.
    /// </summary>
    public override bool IsOperationFault(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteTooBig or SqliteConstraint or SqliteMismatch };

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
