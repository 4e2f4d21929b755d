using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// The durable queues of a stream provider in the cluster database (SQLite or PostgreSQL, see
/// <see cref="AdoNetStreamQueueDialect"/>): each stream's undelivered entries as rows, kept until every subscriber
/// acknowledged them, so a crash of the silo that runs the stream loses none.
/// </summary>
/// <remarks>
/// <para>
/// Group commit: appends and deletes from every stream of this silo go into one queue of work; one writer takes
/// everything queued, writes it in a single transaction (one multi-row INSERT per stream), and completes the callers
/// when it commits. Work that arrives meanwhile waits for the next transaction, so the number of transactions follows
/// the database's commit rate, not the number of entries.
/// </para>
/// <para>
/// Fencing: a stream activation claims its queue (<see cref="ClaimAsync"/>), which gives it a new epoch and returns the
/// stored entries. Every append names the epoch and is written only if the queue still has it, checked in the same
/// transaction under the owner row's lock, so an activation that lost its queue to a newer one (its silo was declared
/// dead but still runs) cannot add entries the new owner would never read.
/// </para>
/// <para>The tables are created on first use. The queue is thread-safe; it does not own the dialect.</para>
/// </remarks>
public sealed partial class AdoNetStreamQueue : IAsyncDisposable
{
    private readonly AdoNetStreamQueueDialect _dialect;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?> _backendTag;
    private readonly BlockingCallGate _gate = BlockingCallGate.ForProcessors();
    private readonly Lock _lock = new();
    private List<PendingAppend> _appends = [];
    private Dictionary<string, long> _deletes = new(StringComparer.Ordinal);
    private List<TaskCompletionSource> _deleteWaiters = [];
    private Task _writer = Task.CompletedTask;
    private bool _writing;
    private bool _disposed;
    private long _commits;
    private long _rowsAppended;

    /// <param name="dialect">The database; shared, not owned.</param>
    /// <param name="timeProvider">The clock that seeds new epochs (default: the system clock).</param>
    /// <param name="logger">Default: no logging.</param>
    public AdoNetStreamQueue(AdoNetStreamQueueDialect dialect, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        _dialect = dialect;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _backendTag = new("backend", dialect.Name);
    }

    /// <summary>The backend.</summary>
    public AdoNetStreamQueueDialect Dialect => _dialect;

    /// <summary>How many write transactions have committed (each carries every append and delete queued before it).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>How many entries have been appended.</summary>
    public long RowsAppended => Interlocked.Read(ref _rowsAppended);

    /// <summary>
    /// Takes queue <paramref name="queueId"/> over for <paramref name="owner"/>: a new epoch (appends under older epochs
    /// fail from now on) and the stored entries in position order.
    /// </summary>
    public Task<StreamQueueClaim> ClaimAsync(string queueId, string owner, CancellationToken cancellationToken = default)
    {
        ValidateQueueId(queueId);
        ArgumentNullException.ThrowIfNull(owner);
        return Run(static (queue, state, token) => queue.ClaimCoreAsync(state.queueId, state.owner, token), (queueId, owner), cancellationToken);
    }

    /// <summary>
    /// Stores <paramref name="rows"/> in queue <paramref name="queueId"/> if it is still owned under
    /// <paramref name="epoch"/>; the task completes when the transaction carrying them commits. Throws
    /// <see cref="StreamQueueFencedException"/> (nothing stored) if a later claim replaced the epoch. Canceling stops
    /// the wait only: the rows may still be stored.
    /// </summary>
    public Task AppendAsync(string queueId, long epoch, IReadOnlyList<StreamQueueRow> rows, CancellationToken cancellationToken = default)
    {
        ValidateQueueId(queueId);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return Task.CompletedTask;
        }

        var append = new PendingAppend(queueId, epoch, rows);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _appends.Add(append);
            StartWriterLocked();
        }

        return append.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the entries of queue <paramref name="queueId"/> up to and including <paramref name="position"/>, with the
    /// next write transaction (deletes of one queue coalesce: the largest position wins).
    /// </summary>
    public Task DeleteThroughAsync(string queueId, long position, CancellationToken cancellationToken = default)
    {
        ValidateQueueId(queueId);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _deletes[queueId] = _deletes.TryGetValue(queueId, out var existing) ? Math.Max(existing, position) : position;
            _deleteWaiters.Add(done);
            StartWriterLocked();
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Gives queue <paramref name="queueId"/> up if <paramref name="epoch"/> is still its epoch: it then has no owner, so
    /// a recovery pass hands its remaining entries to a new activation (or forgets the queue if it holds none).
    /// </summary>
    public Task ReleaseAsync(string queueId, long epoch, CancellationToken cancellationToken = default)
    {
        ValidateQueueId(queueId);
        return Run(static (queue, state, token) => queue.ReleaseCoreAsync(state.queueId, state.epoch, token), (queueId, epoch), cancellationToken);
    }

    /// <summary>Every queue that holds entries, with its owner (empty when released).</summary>
    public Task<IReadOnlyList<StreamQueueOwner>> ListPendingAsync(CancellationToken cancellationToken = default) =>
        Run(static (queue, _, token) => queue.ListPendingCoreAsync(token), 0, cancellationToken);

    /// <summary>The entries stored in queue <paramref name="queueId"/>, in position order.</summary>
    public Task<IReadOnlyList<StreamQueueRow>> ReadAsync(string queueId, CancellationToken cancellationToken = default)
    {
        ValidateQueueId(queueId);
        return Run(static (queue, queueId, token) => queue.ReadCoreAsync(queueId, token), queueId, cancellationToken);
    }

    /// <summary>Waits for the write in progress, then fails whatever is still queued.</summary>
    public async ValueTask DisposeAsync()
    {
        Task writer;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            writer = _writer;
        }

        await writer.ConfigureAwait(false);
        List<PendingAppend> appends;
        List<TaskCompletionSource> deletes;
        lock (_lock)
        {
            (appends, _appends) = (_appends, []);
            (deletes, _deleteWaiters) = (_deleteWaiters, []);
            _deletes.Clear();
        }

        var gone = new ObjectDisposedException(nameof(AdoNetStreamQueue), "The stream queue was disposed before the entries were written.");
        foreach (var append in appends)
        {
            append.Done.TrySetException(gone);
        }

        foreach (var delete in deletes)
        {
            delete.TrySetException(gone);
        }
    }

    private void StartWriterLocked()
    {
        if (!_writing && !_disposed)
        {
            _writing = true;
            _writer = Task.Run(WriteLoopAsync);
        }
    }

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            List<PendingAppend> appends;
            Dictionary<string, long> deletes;
            List<TaskCompletionSource> deleteWaiters;
            lock (_lock)
            {
                if ((_appends.Count == 0 && _deletes.Count == 0) || _disposed)
                {
                    _writing = false;
                    return;
                }

                (appends, _appends) = (_appends, []);
                (deletes, _deletes) = (_deletes, new Dictionary<string, long>(StringComparer.Ordinal));
                (deleteWaiters, _deleteWaiters) = (_deleteWaiters, []);
            }

            try
            {
                var fenced = await WriteAsync(appends, deletes).ConfigureAwait(false);
                Interlocked.Increment(ref _commits);
                StreamMetrics.Shared.Committed(_backendTag);
                foreach (var append in appends)
                {
                    if (fenced?.Contains((append.QueueId, append.Epoch)) == true)
                    {
                        append.Done.TrySetException(new StreamQueueFencedException(
                            $"Stream queue '{append.QueueId}' was claimed by a newer owner than epoch {append.Epoch}; its {append.Rows.Count} entries were not stored."));
                    }
                    else
                    {
                        Interlocked.Add(ref _rowsAppended, append.Rows.Count);
                        append.Done.TrySetResult();
                    }
                }

                foreach (var waiter in deleteWaiters)
                {
                    waiter.TrySetResult();
                }
            }
            catch (Exception error)
            {
                LogWriteFailed(_logger, error, _dialect.Name, appends.Sum(a => a.Rows.Count), deletes.Count);
                foreach (var append in appends)
                {
                    append.Done.TrySetException(error);
                }

                foreach (var waiter in deleteWaiters)
                {
                    waiter.TrySetException(error);
                }
            }
        }
    }

    /// <summary>One transaction: owner checks, deletes, inserts. Returns the (queue, epoch) pairs that were fenced.</summary>
    private async Task<HashSet<(string, long)>?> WriteAsync(List<PendingAppend> appends, Dictionary<string, long> deletes)
    {
        var cancellationToken = CancellationToken.None;
        await _dialect.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                HashSet<(string, long)>? fenced = null;
                var groups = new Dictionary<(string QueueId, long Epoch), List<StreamQueueRow>>();
                foreach (var append in appends)
                {
                    if (!groups.TryGetValue((append.QueueId, append.Epoch), out var rows))
                    {
                        groups[(append.QueueId, append.Epoch)] = rows = [];
                    }

                    rows.AddRange(append.Rows);
                }

                foreach (var ((queueId, epoch), _) in groups)
                {
                    var check = CreateCommand(connection, transaction, _dialect.CheckOwnerSql, queueId);
                    await using (check.ConfigureAwait(false))
                    {
                        AddParameter(check, "@epoch", epoch);
                        if (await check.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                        {
                            (fenced ??= []).Add((queueId, epoch));
                        }
                    }
                }

                foreach (var (queueId, position) in deletes)
                {
                    var delete = CreateCommand(connection, transaction, _dialect.DeleteThroughSql, queueId);
                    await using (delete.ConfigureAwait(false))
                    {
                        AddParameter(delete, "@position", position);
                        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                foreach (var ((queueId, epoch), rows) in groups)
                {
                    if (fenced?.Contains((queueId, epoch)) == true)
                    {
                        continue;
                    }

                    for (var start = 0; start < rows.Count; start += _dialect.MaxRowsPerInsert)
                    {
                        var count = Math.Min(_dialect.MaxRowsPerInsert, rows.Count - start);
                        var insert = CreateCommand(connection, transaction, _dialect.InsertSql(count), queueId);
                        await using (insert.ConfigureAwait(false))
                        {
                            for (var i = 0; i < count; i++)
                            {
                                var row = rows[start + i];
                                var suffix = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                                AddParameter(insert, "@position_" + suffix, row.Position);
                                AddParameter(insert, "@producer_" + suffix, row.ProducerId);
                                AddParameter(insert, "@first_" + suffix, row.FirstSequence);
                                AddParameter(insert, "@count_" + suffix, row.ItemCount);
                                AddParameter(insert, "@kind_" + suffix, (int)row.Kind);
                                AddParameter(insert, "@payload_" + suffix, row.Payload);
                            }

                            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return fenced;
            }
        }
    }

    private async Task<StreamQueueClaim> ClaimCoreAsync(string queueId, string owner, CancellationToken cancellationToken)
    {
        await _dialect.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            long epoch;
            var claim = CreateCommand(connection, null, _dialect.ClaimSql, queueId);
            await using (claim.ConfigureAwait(false))
            {
                AddParameter(claim, "@epoch", _timeProvider.GetUtcNow().UtcTicks);
                AddParameter(claim, "@owner", owner);
                epoch = Convert.ToInt64(await claim.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            }

            // Read after the claim committed: an append that passed its owner check before it held the owner row's
            // lock, so the claim waited for it and its rows are visible here; any later append fails its check.
            var rows = await ReadRowsAsync(connection, queueId, cancellationToken).ConfigureAwait(false);
            return new StreamQueueClaim(epoch, rows);
        }
    }

    private async Task<int> ReleaseCoreAsync(string queueId, long epoch, CancellationToken cancellationToken)
    {
        await _dialect.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var release = CreateCommand(connection, null, _dialect.ReleaseSql, queueId);
            await using (release.ConfigureAwait(false))
            {
                AddParameter(release, "@epoch", epoch);
                return await release.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<IReadOnlyList<StreamQueueOwner>> ListPendingCoreAsync(CancellationToken cancellationToken)
    {
        await _dialect.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var list = connection.CreateCommand();
            await using (list.ConfigureAwait(false))
            {
                list.CommandText = _dialect.ListPendingSql;
                var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var owners = new List<StreamQueueOwner>();
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        owners.Add(new StreamQueueOwner(reader.GetString(0), reader.GetString(1)));
                    }

                    return owners;
                }
            }
        }
    }

    private async Task<IReadOnlyList<StreamQueueRow>> ReadCoreAsync(string queueId, CancellationToken cancellationToken)
    {
        await _dialect.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadRowsAsync(connection, queueId, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<StreamQueueRow>> ReadRowsAsync(DbConnection connection, string queueId, CancellationToken cancellationToken)
    {
        var read = CreateCommand(connection, null, _dialect.ReadSql, queueId);
        await using (read.ConfigureAwait(false))
        {
            var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<StreamQueueRow>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(new StreamQueueRow(
                        reader.GetInt64(0),
                        reader.GetString(1),
                        reader.GetInt64(2),
                        reader.GetInt32(3),
                        (StreamEntryKind)reader.GetInt32(4),
                        await reader.GetFieldValueAsync<byte[]>(5, cancellationToken).ConfigureAwait(false)));
                }

                return rows;
            }
        }
    }

    // SQLite's provider blocks the calling thread, so its calls go to the thread pool, a few at a time; a caller (a grain turn) is never blocked.
    private Task<TResult> Run<TState, TResult>(Func<AdoNetStreamQueue, TState, CancellationToken, Task<TResult>> operation, TState state, CancellationToken cancellationToken) =>
        _dialect.BlocksCallingThread
            ? _gate.RunAsync(() => operation(this, state, cancellationToken), cancellationToken)
            : operation(this, state, cancellationToken);

    private static DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string sql, string queueId)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        AddParameter(command, "@queue_id", queueId);
        return command;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static void ValidateQueueId(string queueId)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueId);
        if (queueId.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A stream queue id cannot contain the NUL character.", nameof(queueId));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Backend} stream queue: a write of {Rows} entries and {Deletes} deletes failed; its callers retry.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string backend, int rows, int deletes);

    private sealed class PendingAppend(string queueId, long epoch, IReadOnlyList<StreamQueueRow> rows)
    {
        public string QueueId { get; } = queueId;

        public long Epoch { get; } = epoch;

        public IReadOnlyList<StreamQueueRow> Rows { get; } = rows;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
