using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orleans.Pipeline.Runtime.Persistence;

/// <summary>
/// <see cref="IGrainStorage"/> over ADO.NET, one implementation for every backend; an
/// <see cref="AdoNetStorageDialect"/> supplies what differs. States live in one table keyed by
/// (grain type, grain key, state name) with a primary key on those three columns.
/// </summary>
/// <remarks>
/// <para>
/// Group commit: writes and clears from every grain go into one queue; one writer takes everything queued (at most
/// <see cref="MaxBatchSize"/>), runs it in a single transaction and then completes each caller with its own outcome.
/// Work that arrives meanwhile waits for the next transaction, so the number of transactions (and of syncs to disk)
/// follows the database's commit rate, not the number of grains writing. There is no timer: a write with nothing
/// queued before it starts at once, and runs as a single statement without an explicit transaction, as it would alone.
/// </para>
/// <para>
/// Concurrency: every check-and-change is a single statement whose WHERE clause carries the expected version
/// (<c>UPDATE ... WHERE version = @version</c>, <c>DELETE ... WHERE version = @version</c>) or relies on the primary
/// key (<c>INSERT ... ON CONFLICT DO NOTHING</c>), so the database decides which of several racing writers wins. A
/// loser is told by the count of affected rows, not by an error, which would abort the transaction it shares with
/// other callers; its conflict then names the version stored at that point of the transaction, as it would alone.
/// Operations on one key run in arrival order, so two writes to one key in a batch behave as they would one after
/// the other; operations on different keys run in key order, so transactions of several processes take row locks in
/// the same order and cannot deadlock. No read-then-write window exists in this class. The instance is thread-safe
/// and holds no connection between batches (connections come from the provider's pool).
/// </para>
/// <para>
/// Failures: if the transaction fails (the database is down, a lock wait timed out), every caller of the batch gets
/// the error and nothing of the batch is stored; the next batch tries again, creating the table first if that is what
/// failed. If one operation's statement fails on a connection that still works, with an error the dialect blames on
/// the operation's own data (<see cref="AdoNetStorageDialect.IsOperationFault"/>: say a key too long for PostgreSQL's
/// index), the transaction is rolled back and the batch runs again one statement at a time, so that caller fails alone.
/// </para>
/// <para>
/// Blocking providers (SQLite): reads run on the thread pool through a <see cref="BlockingCallGate"/>; writes need no
/// gate, as the one writer blocks at most one pool thread, and only while it has work.
/// </para>
/// <para>
/// Versions: a new row starts at the current time in ticks (from the <see cref="TimeProvider"/>) and each update adds
/// one, so an ETag taken before a <see cref="ClearAsync"/> does not match a row written again after it.
/// </para>
/// <para>
/// The table is created on first use; disposing the storage waits for the writes already queued, then disposes its
/// dialect.
/// </para>
/// </remarks>
public class AdoNetGrainStorage : IGrainStorage, IAsyncDisposable, IDisposable
{
    /// <summary>
    /// The most writes and clears one transaction carries: 256. It bounds how long a transaction holds the database's
    /// write lock (SQLite) or its row locks (PostgreSQL); what is queued beyond it waits for the next transaction.
    /// </summary>
    public const int MaxBatchSize = 256;

    // Ordinal, component by component: the same order in every process, so concurrent transactions lock rows alike.
    private static readonly Comparer<GrainStateKey> KeyOrder = Comparer<GrainStateKey>.Create(static (x, y) =>
    {
        var order = string.CompareOrdinal(x.GrainType, y.GrainType);
        if (order == 0)
        {
            order = string.CompareOrdinal(x.GrainKey, y.GrainKey);
        }

        return order != 0 ? order : string.CompareOrdinal(x.StateName, y.StateName);
    });

    private readonly AdoNetStorageDialect _dialect;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?> _backendTag;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _schemaLock = new();

    // Blocking providers' reads run here, a few at a time (see BlockingCallGate).
    private readonly BlockingCallGate _gate = BlockingCallGate.ForProcessors();

    // _queueLock guards _queue, _writing, _writer and _closed. _writing is true exactly while a writer loop runs; the
    // loop clears it under the lock only when it finds the queue empty, so an operation is never left queued unseen.
    private readonly Lock _queueLock = new();
    private readonly Queue<PendingOperation> _queue = new();
    private Task _writer = Task.CompletedTask;
    private bool _writing;
    private bool _closed;
    private long _commits;

    // Null until the first operation; replaced if it failed, so a database that was down at start is retried.
    private Task? _schema;

    /// <param name="dialect">The backend; owned (disposed with this storage).</param>
    /// <param name="timeProvider">The clock for modification times and initial versions (default: the system clock).</param>
    /// <param name="logger">Default: no logging.</param>
    public AdoNetGrainStorage(AdoNetStorageDialect dialect, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        _dialect = dialect;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _backendTag = new("backend", dialect.Name);
    }

    /// <summary>The backend this storage runs on.</summary>
    public AdoNetStorageDialect Dialect => _dialect;

    /// <summary>
    /// How many write transactions have committed. Each carries every write and clear queued while the previous one
    /// committed (up to <see cref="MaxBatchSize"/>), so under load it grows much slower than the number of writes.
    /// </summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <inheritdoc />
    public Task<GrainStateRecord?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return _dialect.BlocksCallingThread
            ? _gate.RunAsync(() => ReadCoreAsync(key, cancellationToken), cancellationToken)
            : ReadCoreAsync(key, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The task completes when the transaction carrying the write has committed. Canceling drops a write that is still
    /// queued; once its transaction has started, canceling only stops the wait, and the write may still be stored.
    /// </remarks>
    public Task<string> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return Enqueue(new PendingOperation(key, data, isClear: false, expectedEtag, cancellationToken));
    }

    /// <inheritdoc />
    /// <remarks>Committed and canceled as <see cref="WriteAsync"/> is.</remarks>
    public Task ClearAsync(GrainStateKey key, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return Enqueue(new PendingOperation(key, ReadOnlyMemory<byte>.Empty, isClear: true, expectedEtag, cancellationToken));
    }

    private async Task<GrainStateRecord?> ReadCoreAsync(GrainStateKey key, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = CreateCommand(connection, transaction: null, _dialect.ReadSql, key);
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            return null;
                        }

                        var data = await reader.GetFieldValueAsync<byte[]>(0, cancellationToken).ConfigureAwait(false);
                        var version = reader.GetInt64(1);
                        return new GrainStateRecord(data, FormatEtag(version));
                    }
                }
            }
        }
        catch (DbException exception) when (LogFailure(exception, "read", key))
        {
            throw;
        }
    }

    private Task<string> Enqueue(PendingOperation operation)
    {
        if (operation.CancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<string>(operation.CancellationToken);
        }

        lock (_queueLock)
        {
            if (_closed)
            {
                return Task.FromException<string>(new ObjectDisposedException(GetType().FullName));
            }

            _queue.Enqueue(operation);
            if (!_writing)
            {
                // No timer: the writer starts now, and whatever queues while it commits forms the next batch.
                _writing = true;
                _writer = Task.Run(WriteLoopAsync);
            }
        }

        return operation.CancellationToken.CanBeCanceled
            ? operation.Done.Task.WaitAsync(operation.CancellationToken)
            : operation.Done.Task;
    }

    // The one writer: takes what piled up while the previous transaction ran, commits it, and stops when none is left.
    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingOperation>();
        while (true)
        {
            batch.Clear();
            lock (_queueLock)
            {
                while (batch.Count < MaxBatchSize && _queue.TryDequeue(out var operation))
                {
                    if (operation.CancellationToken.IsCancellationRequested)
                    {
                        operation.Done.TrySetCanceled(operation.CancellationToken);
                    }
                    else
                    {
                        batch.Add(operation);
                    }
                }

                if (batch.Count == 0)
                {
                    _writing = false;
                    return;
                }
            }

            // OrderBy is stable: operations on one key keep their arrival order.
            await CommitAsync(batch.Count == 1 ? batch : batch.OrderBy(static operation => operation.Key, KeyOrder).ToList()).ConfigureAwait(false);
        }
    }

    // Never throws: completes every operation of the batch with its outcome or with the error that failed it.
    private async Task CommitAsync(List<PendingOperation> batch)
    {
        try
        {
            // Not the callers' tokens: one caller giving up must not fail the others in its transaction.
            await EnsureSchemaAsync(CancellationToken.None).ConfigureAwait(false);
            var connection = await _dialect.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                if (batch.Count == 1 || !await TryCommitTogetherAsync(connection, batch).ConfigureAwait(false))
                {
                    await CommitOneByOneAsync(connection, batch).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception)
        {
            if (batch.Count == 1)
            {
                LogFailure(exception, batch[0].Name, batch[0].Key);
            }
            else
            {
                AdoNetGrainStorageLog.BatchFailed(_logger, exception, _dialect.Name, batch.Count);
            }

            foreach (var operation in batch)
            {
                operation.Done.TrySetException(exception);
            }
        }
    }

    // One transaction for the whole batch; the callers learn their outcomes only once it has committed. Returns false,
    // having stored nothing, if one operation's statement failed on a working connection (see IsOperationFault).
    private async Task<bool> TryCommitTogetherAsync(DbConnection connection, List<PendingOperation> batch)
    {
        var outcomes = new Outcome[batch.Count];
        var transaction = await _dialect.BeginWriteAsync(connection, CancellationToken.None).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                try
                {
                    outcomes[i] = await ExecuteAsync(connection, transaction, batch[i]).ConfigureAwait(false);
                }
                catch (DbException exception) when (IsOperationFault(connection, exception))
                {
                    // Disposing the transaction rolls it back.
                    AdoNetGrainStorageLog.BatchSplit(_logger, exception, _dialect.Name, batch[i].Name, batch[i].Key, batch.Count);
                    return false;
                }
            }

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        Committed(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Complete(outcomes[i]);
        }

        return true;
    }

    // Each operation in a transaction of its own (a single statement commits by itself): a lone operation, or a batch
    // one of whose statements failed. An operation whose statement fails on a working connection fails alone.
    private async Task CommitOneByOneAsync(DbConnection connection, List<PendingOperation> batch)
    {
        foreach (var operation in batch)
        {
            Outcome outcome;
            try
            {
                outcome = await ExecuteAsync(connection, transaction: null, operation).ConfigureAwait(false);
            }
            catch (DbException exception) when (IsOperationFault(connection, exception))
            {
                LogFailure(exception, operation.Name, operation.Key);
                operation.Done.TrySetException(exception);
                continue;
            }

            Committed(1);
            operation.Complete(outcome);
        }
    }

    // Runs one operation's statements and returns what its caller gets once they are committed.
    private async Task<Outcome> ExecuteAsync(DbConnection connection, DbTransaction? transaction, PendingOperation operation)
    {
        var key = operation.Key;
        var expectedEtag = operation.ExpectedEtag;
        if (operation.IsClear)
        {
            // A null ETag claims "there is no row": nothing to delete, but a row that exists is a conflict.
            if (expectedEtag is not null
                && TryParseEtag(expectedEtag, out var current)
                && await ExecuteAsync(connection, transaction, _dialect.DeleteSql, key, payload: null, current, modifiedAt: null).ConfigureAwait(false) == 1)
            {
                return Outcome.Cleared;
            }

            var stored = await ReadVersionAsync(connection, transaction, key).ConfigureAwait(false);
            return stored is null && expectedEtag is null
                ? Outcome.Cleared
                : new Outcome(null, Conflict("clear", key, expectedEtag, stored));
        }

        var now = _timeProvider.GetUtcNow();
        if (expectedEtag is null)
        {
            // The insert does nothing if the key exists (ON CONFLICT DO NOTHING): a conflict, not an error.
            var version = Math.Max(1, now.UtcTicks);
            if (await ExecuteAsync(connection, transaction, _dialect.InsertSql, key, operation.Data, version, now).ConfigureAwait(false) == 1)
            {
                return new Outcome(FormatEtag(version), null);
            }
        }
        else if (TryParseEtag(expectedEtag, out var expected)
            && await ExecuteAsync(connection, transaction, _dialect.UpdateSql, key, operation.Data, expected, now).ConfigureAwait(false) == 1)
        {
            return new Outcome(FormatEtag(expected + 1), null);
        }

        var storedVersion = await ReadVersionAsync(connection, transaction, key).ConfigureAwait(false);
        return new Outcome(null, Conflict("write", key, expectedEtag, storedVersion));
    }

    // A statement that failed on a connection that still works, with an error the dialect blames on the operation's own
    // data (a key the index cannot hold, a row a trigger refuses), not on the database.
    private bool IsOperationFault(DbConnection connection, DbException exception) =>
        connection.State == ConnectionState.Open && _dialect.IsOperationFault(exception);

    private void Committed(int operations)
    {
        Interlocked.Increment(ref _commits);
        GrainStorageMetrics.Shared.Committed(_backendTag, operations);
    }

    /// <summary>
    /// Refuses new writes, waits for those already queued to be committed (or to fail), then disposes the dialect.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Close() is not { } writer)
        {
            return;
        }

        await writer.ConfigureAwait(false);
        await _disposed.CancelAsync().ConfigureAwait(false);
        await _dialect.DisposeAsync().ConfigureAwait(false);
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>As <see cref="DisposeAsync"/>, blocking the calling thread while queued writes finish.</summary>
    public void Dispose()
    {
        if (Close() is not { } writer)
        {
            return;
        }

        // The writer never faults (it completes every operation instead), and the dialect must outlive it.
        writer.GetAwaiter().GetResult();
        _disposed.Cancel();
        _dialect.Dispose();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }

    // Refuses further writes; returns the writer to wait for, or null if the storage was already closed.
    private Task? Close()
    {
        lock (_queueLock)
        {
            if (_closed)
            {
                return null;
            }

            _closed = true;
            return _writer;
        }
    }

    private Task EnsureSchemaAsync(CancellationToken cancellationToken)
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
                _schema = CreateSchemaAsync(_disposed.Token);
            }

            schema = _schema;
        }

        return schema.WaitAsync(cancellationToken);
    }

    private async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await _dialect.CreateSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            AdoNetGrainStorageLog.SchemaReady(_logger, _dialect.Name, _dialect.TableName);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            AdoNetGrainStorageLog.SchemaFailed(_logger, exception, _dialect.Name, _dialect.TableName);
            throw;
        }
    }

    private InconsistentStateException Conflict(string operation, GrainStateKey key, string? expectedEtag, long? storedVersion)
    {
        var storedEtag = storedVersion is { } version ? FormatEtag(version) : null;
        AdoNetGrainStorageLog.EtagConflict(_logger, _dialect.Name, operation, key, expectedEtag, storedEtag);
        return new InconsistentStateException(
            $"The {operation} of grain state {key} expected {(expectedEtag is null ? "no stored state" : $"ETag '{expectedEtag}'")} " +
            $"but storage holds {(storedEtag is null ? "no state" : $"ETag '{storedEtag}'")}: another writer changed it. Read the state again and retry.",
            storedEtag,
            expectedEtag);
    }

    private async Task<long?> ReadVersionAsync(DbConnection connection, DbTransaction? transaction, GrainStateKey key)
    {
        var command = CreateCommand(connection, transaction, _dialect.ReadVersionSql, key);
        await using (command.ConfigureAwait(false))
        {
            var result = await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
            return result is null or DBNull ? null : Convert.ToInt64(result, CultureInfo.InvariantCulture);
        }
    }

    private async Task<int> ExecuteAsync(
        DbConnection connection,
        DbTransaction? transaction,
        string sql,
        GrainStateKey key,
        ReadOnlyMemory<byte>? payload,
        long version,
        DateTimeOffset? modifiedAt)
    {
        var command = CreateCommand(connection, transaction, sql, key);
        await using (command.ConfigureAwait(false))
        {
            if (payload is { } data)
            {
                AddParameter(command, "@payload", _dialect.ToPayloadValue(data));
            }

            AddParameter(command, "@version", version);
            if (modifiedAt is { } time)
            {
                AddParameter(command, "@modified_at", time);
            }

            return await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string sql, GrainStateKey key)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        AddParameter(command, "@grain_type", key.GrainType);
        AddParameter(command, "@grain_key", key.GrainKey);
        AddParameter(command, "@state_name", key.StateName);
        return command;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private bool LogFailure(Exception exception, string operation, GrainStateKey key)
    {
        AdoNetGrainStorageLog.OperationFailed(_logger, exception, _dialect.Name, operation, key);
        return false;
    }

    private static void ValidateKey(GrainStateKey key)
    {
        // A default(GrainStateKey) has null components; every component of a real key is a string (possibly empty).
        if (key.GrainType is null || key.GrainKey is null || key.StateName is null)
        {
            throw new ArgumentException("A grain state key needs a grain type, a grain key and a state name (none of them null).", nameof(key));
        }
    }

    private static string FormatEtag(long version) => version.ToString(CultureInfo.InvariantCulture);

    // An ETag that is not a version this storage issued can match no row: the caller gets a conflict, not a format error.
    private static bool TryParseEtag(string etag, out long version) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version);

    /// <summary>What a caller gets once its operation is committed: a new ETag (empty for a clear) or a conflict.</summary>
    private readonly record struct Outcome(string? Etag, InconsistentStateException? Conflict)
    {
        public static Outcome Cleared => new("", null);
    }

    /// <summary>A write or clear waiting for its transaction.</summary>
    private sealed class PendingOperation(GrainStateKey key, ReadOnlyMemory<byte> data, bool isClear, string? expectedEtag, CancellationToken cancellationToken)
    {
        public GrainStateKey Key { get; } = key;

        public ReadOnlyMemory<byte> Data { get; } = data;

        public bool IsClear { get; } = isClear;

        public string? ExpectedEtag { get; } = expectedEtag;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        /// <summary>The new ETag of a write, empty for a clear.</summary>
        public TaskCompletionSource<string> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => IsClear ? "clear" : "write";

        public void Complete(Outcome outcome)
        {
            if (outcome.Conflict is { } conflict)
            {
                Done.TrySetException(conflict);
            }
            else
            {
                Done.TrySetResult(outcome.Etag ?? "");
            }
        }
    }
}
