using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// What differs between ADO.NET backends of <see cref="AdoNetStreamQueue"/>: how a connection is opened, how the
/// tables are created, how a write transaction starts. The data statements use portable SQL with <c>@name</c>
/// parameters (<c>INSERT ... ON CONFLICT ... RETURNING</c> included, which SQLite and PostgreSQL both support); a
/// backend overrides one only if its SQL differs.
/// </summary>
/// <remarks>
/// <para>Tables (fixed names):</para>
/// <list type="bullet">
/// <item><c>stream_queue_owner</c>: <c>queue_id</c> (primary key), <c>epoch</c> (64-bit; replaced by every claim, never
/// reused), <c>owner</c> (the claiming silo's address, empty once released).</item>
/// <item><c>stream_queue</c>: <c>queue_id</c>, <c>entry_position</c> (64-bit; together the primary key), <c>producer_id</c>,
/// <c>first_sequence</c> (64-bit), <c>item_count</c>, <c>kind</c>, <c>payload</c> (bytes).</item>
/// </list>
/// </remarks>
public abstract class AdoNetStreamQueueDialect : IAsyncDisposable, IDisposable
{
    /// <summary>The table of queue entries.</summary>
    public const string QueueTable = "stream_queue";

    /// <summary>The table of queue owners and their epochs.</summary>
    public const string OwnerTable = "stream_queue_owner";

    private readonly ConcurrentDictionary<int, string> _insertSql = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _schemaLock = new();
    private Task? _schema;

    /// <summary>The backend's name, for logs and messages (e.g. <c>SQLite</c>).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Whether the provider's async methods block the calling thread (Microsoft.Data.Sqlite's do). If so the queue
    /// runs its operations on the thread pool, a few at a time, and never on a grain's turn. Default: false.
    /// </summary>
    public virtual bool BlocksCallingThread => false;

    /// <summary>The most entries one INSERT statement carries (each takes six parameters). Default: 256.</summary>
    public virtual int MaxRowsPerInsert => 256;

    /// <summary>
    /// Takes a queue over: creates its owner row with epoch <c>@epoch</c>, or replaces the epoch with the larger of
    /// <c>@epoch</c> and the stored one plus one, and the owner with <c>@owner</c>; selects the new epoch.
    /// </summary>
    public virtual string ClaimSql =>
        $"INSERT INTO {OwnerTable} (queue_id, epoch, owner) VALUES (@queue_id, @epoch, @owner) " +
        "ON CONFLICT (queue_id) DO UPDATE SET " +
        $"epoch = CASE WHEN {OwnerTable}.epoch >= excluded.epoch THEN {OwnerTable}.epoch + 1 ELSE excluded.epoch END, " +
        "owner = excluded.owner RETURNING epoch";

    /// <summary>Selects a queue's entries in position order.</summary>
    public virtual string ReadSql =>
        $"SELECT entry_position, producer_id, first_sequence, item_count, kind, payload FROM {QueueTable} WHERE queue_id = @queue_id ORDER BY entry_position";

    /// <summary>
    /// Touches the owner row only if its epoch is still <c>@epoch</c>: one row changes exactly when the appender still
    /// owns the queue, and the row stays locked until the transaction ends, so a claim waits for the append to commit.
    /// </summary>
    public virtual string CheckOwnerSql =>
        $"UPDATE {OwnerTable} SET epoch = epoch WHERE queue_id = @queue_id AND epoch = @epoch";

    /// <summary>Deletes a queue's entries up to and including <c>@position</c>.</summary>
    public virtual string DeleteThroughSql =>
        $"DELETE FROM {QueueTable} WHERE queue_id = @queue_id AND entry_position <= @position";

    /// <summary>
    /// Gives a queue up if its epoch is still <c>@epoch</c>: clears the owner, and deletes the owner row when the queue
    /// holds no entries (the next claim's epoch comes from the clock, so it cannot repeat an old one).
    /// </summary>
    public virtual string ReleaseSql =>
        $"UPDATE {OwnerTable} SET owner = '' WHERE queue_id = @queue_id AND epoch = @epoch; " +
        $"DELETE FROM {OwnerTable} WHERE queue_id = @queue_id AND epoch = @epoch " +
        $"AND NOT EXISTS (SELECT 1 FROM {QueueTable} WHERE queue_id = @queue_id)";

    /// <summary>Selects every queue that holds entries, with its owner.</summary>
    public virtual string ListPendingSql =>
        $"SELECT o.queue_id, o.owner FROM {OwnerTable} o WHERE EXISTS (SELECT 1 FROM {QueueTable} q WHERE q.queue_id = o.queue_id)";

    /// <summary>
    /// Inserts <paramref name="rows"/> entries of queue <c>@queue_id</c> in one statement; the parameters of entry
    /// <c>i</c> are <c>@position_i</c>, <c>@producer_i</c>, <c>@first_i</c>, <c>@count_i</c>, <c>@kind_i</c>,
    /// <c>@payload_i</c>.
    /// </summary>
    public virtual string InsertSql(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        return _insertSql.GetOrAdd(rows, static count =>
        {
            var sql = new StringBuilder($"INSERT INTO {QueueTable} (queue_id, entry_position, producer_id, first_sequence, item_count, kind, payload) VALUES ");
            for (var i = 0; i < count; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@queue_id, @position_{i}, @producer_{i}, @first_{i}, @count_{i}, @kind_{i}, @payload_{i})");
            }

            return sql.ToString();
        });
    }

    /// <summary>Opens a connection (from the provider's pool) ready for the statements above.</summary>
    public abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Creates both tables if they do not exist. Must be idempotent and safe when several processes run it at once
    /// against the same database.
    /// </summary>
    public abstract Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Starts the transaction that appends and deletes entries. The default is the provider's default transaction;
    /// SQLite's is <c>BEGIN IMMEDIATE</c>, which takes the write lock first so concurrent writers queue instead of failing.
    /// </summary>
    public virtual ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.BeginTransactionAsync(cancellationToken);
    }

    /// <summary>Creates the schema on the first call and returns at once afterwards; a failed attempt is retried by the next call.</summary>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        var schema = Volatile.Read(ref _schema);
        if (schema is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_schemaLock)
        {
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled)
            {
                // Not tied to the caller's token: one caller giving up must not fail the others waiting on it.
                _schema = CreateSchemaOnceAsync(_disposed.Token);
            }

            schema = _schema;
        }

        return schema.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the backend's resources. The default calls <see cref="Dispose(bool)"/>.</summary>
    protected virtual ValueTask DisposeAsyncCore()
    {
        Dispose(disposing: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Releases the backend's resources (pools, data sources). The default does nothing.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    private async Task CreateSchemaOnceAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await CreateSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }
}
