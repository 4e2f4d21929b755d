using System.Data.Common;
using System.Text.RegularExpressions;

namespace Orleans.Pipeline.Runtime.Persistence;

/// <summary>
/// What differs between ADO.NET backends of <see cref="AdoNetGrainStorage"/>: how a connection is opened, how the
/// table is created and how a write transaction starts. The data statements use only portable SQL with <c>@name</c>
/// parameters (<c>ON CONFLICT DO NOTHING</c> is understood by SQLite and PostgreSQL alike); a backend overrides them
/// only if its SQL differs.
/// </summary>
/// <remarks>
/// The table has the columns <c>grain_type</c>, <c>grain_key</c>, <c>state_name</c> (text, together the primary
/// key), <c>payload</c> (bytes), <c>version</c> (64-bit integer; the ETag is its decimal text) and
/// <c>modified_at</c> (time of the last write). No statement may fail because of a version or key conflict: the
/// storage runs many callers' statements in one transaction, which an error would abort, so a conflict must show as
/// zero affected rows.
/// </remarks>
public abstract partial class AdoNetStorageDialect : IAsyncDisposable, IDisposable
{
    /// <summary>The table name used when none is configured: <c>grain_state</c>.</summary>
    public const string DefaultTableName = "grain_state";

    private readonly string _readSql;
    private readonly string _readVersionSql;
    private readonly string _insertSql;
    private readonly string _updateSql;
    private readonly string _deleteSql;

    /// <param name="tableName">A plain SQL identifier (letters, digits, underscores; at most 63 characters).</param>
    protected AdoNetStorageDialect(string tableName)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        if (!IdentifierPattern().IsMatch(tableName))
        {
            throw new ArgumentException(
                $"'{tableName}' is not a valid grain storage table name: use letters, digits and underscores, starting with a letter or underscore, at most 63 characters.",
                nameof(tableName));
        }

        TableName = tableName;
        const string KeyMatch = "grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name";
        _readSql = $"SELECT payload, version FROM {tableName} WHERE {KeyMatch}";
        _readVersionSql = $"SELECT version FROM {tableName} WHERE {KeyMatch}";
        _insertSql = $"INSERT INTO {tableName} (grain_type, grain_key, state_name, payload, version, modified_at) VALUES (@grain_type, @grain_key, @state_name, @payload, @version, @modified_at) ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING";
        _updateSql = $"UPDATE {tableName} SET payload = @payload, version = version + 1, modified_at = @modified_at WHERE {KeyMatch} AND version = @version";
        _deleteSql = $"DELETE FROM {tableName} WHERE {KeyMatch} AND version = @version";
    }

    /// <summary>The backend's name, for logs and messages (e.g. <c>SQLite</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The table that holds the states.</summary>
    public string TableName { get; }

    /// <summary>
    /// Whether the provider's async methods block the calling thread (Microsoft.Data.Sqlite's do, including while
    /// waiting for a lock). If so the storage runs each operation on the thread pool, so a caller (a grain turn) is
    /// never blocked by the database. Default: false.
    /// </summary>
    public virtual bool BlocksCallingThread => false;

    /// <summary>Selects <c>payload, version</c> of one key.</summary>
    public virtual string ReadSql => _readSql;

    /// <summary>Selects <c>version</c> of one key.</summary>
    public virtual string ReadVersionSql => _readVersionSql;

    /// <summary>Inserts a row, or nothing (zero affected rows, no error) if the key exists.</summary>
    public virtual string InsertSql => _insertSql;

    /// <summary>Replaces the payload and increments the version of one key, only where <c>version = @version</c>.</summary>
    public virtual string UpdateSql => _updateSql;

    /// <summary>Deletes one key, only where <c>version = @version</c>.</summary>
    public virtual string DeleteSql => _deleteSql;

    /// <summary>Opens a connection (from the provider's pool) ready for the statements above.</summary>
    public abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts the transaction that carries a batch of writes and clears. The default is the provider's default
    /// transaction: READ COMMITTED on PostgreSQL, where an update that waited for a concurrent writer's row lock then
    /// sees its committed version; <c>BEGIN IMMEDIATE</c> on SQLite, which takes the write lock first so concurrent
    /// writers (other processes) queue on it instead of failing.
    /// </summary>
    public virtual ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.BeginTransactionAsync(cancellationToken);
    }

    /// <summary>
    /// Whether <paramref name="exception"/>, thrown by one statement on a connection that still works, is the fault of
    /// that operation's data (a key too long to index, a row a trigger refuses) rather than of the database (busy, out
    /// of space, shutting down). The storage then reruns the other operations of the transaction without it, so only
    /// its caller fails; otherwise every caller of the transaction gets the error. Default: the provider does not call
    /// the error transient.
    /// </summary>
    public virtual bool IsOperationFault(DbException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return !exception.IsTransient;
    }

    /// <summary>
    /// Creates the table if it does not exist. Must be idempotent and safe when several processes run it at once
    /// against the same database.
    /// </summary>
    public abstract Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The parameter value for a payload. The default passes the array without copying when it can.</summary>
    public virtual object ToPayloadValue(ReadOnlyMemory<byte> data) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out var segment)
            && segment.Array is { } array && segment.Offset == 0 && segment.Count == array.Length
            ? array
            : data.ToArray();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the backend's resources (pools, data sources). The default does nothing.</summary>
    protected virtual ValueTask DisposeAsyncCore()
    {
        Dispose(disposing: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Releases the backend's resources (pools, data sources). The default does nothing.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
