using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.Clustering;

/// <summary>
/// <see cref="IMembershipTable"/> over ADO.NET, one implementation for every backend; an
/// <see cref="AdoNetClusteringDialect"/> supplies what differs. One instance serves one cluster id; several clusters
/// may share a database.
/// </summary>
/// <remarks>
/// <para>
/// Concurrency: <see cref="InsertRowAsync"/> and <see cref="UpdateRowAsync"/> run one transaction holding two
/// conditional statements, the version bump (<c>WHERE version = @expected_version</c>) first and then the member write
/// (<c>ON CONFLICT DO NOTHING</c>, or <c>WHERE etag = @etag</c>); it commits only if both changed a row, so the
/// database decides which of several racing writers wins and a loser gets <see langword="false"/>, never an exception.
/// Every writer takes the version row first, so writers queue on one lock and cannot deadlock.
/// </para>
/// <para>
/// ETags are the decimal text of the row's <c>etag</c> column: 1 for a new row, plus one per update. Heartbeats change
/// neither the ETag nor the version, and never move a heartbeat time backwards.
/// </para>
/// <para>The tables and the cluster's version row are created on first use. The instance is thread-safe and does not own the dialect.</para>
/// </remarks>
public sealed class AdoNetMembershipTable : IMembershipTable
{
    private readonly AdoNetClusteringDialect _dialect;
    private readonly ILogger _logger;
    private readonly Lock _initializationLock = new();
    private readonly BlockingCallGate _gate = BlockingCallGate.ForProcessors();

    // Null until first use; replaced if it failed, so a database that was down at start is retried.
    private Task? _initialization;

    /// <param name="dialect">The database; shared, not owned (dispose it yourself after the table's last use).</param>
    /// <param name="clusterId">The cluster whose members this table holds: 1 to 256 characters without NUL.</param>
    /// <param name="logger">Default: no logging.</param>
    public AdoNetMembershipTable(AdoNetClusteringDialect dialect, string clusterId, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        _dialect = dialect;
        ClusterId = ClusteringValidation.ClusterId(clusterId, nameof(clusterId));
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The cluster whose members this table holds.</summary>
    public string ClusterId { get; }

    /// <summary>The backend this table runs on.</summary>
    public AdoNetClusteringDialect Dialect => _dialect;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        Run(static (table, _, token) => table.EnsureInitializedAsync(token), 0, cancellationToken);

    /// <inheritdoc />
    public Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken = default) =>
        Run(static (table, _, token) => table.ReadAllCoreAsync(token), 0, cancellationToken);

    /// <inheritdoc />
    public Task<bool> InsertRowAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ClusteringValidation.Entry(entry, nameof(entry));
        return Run(
            static (table, state, token) => table.WriteRowAsync("insert", table._dialect.InsertMemberSql, state.entry, etag: null, state.expectedVersion, token),
            (entry, expectedVersion),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ClusteringValidation.Entry(entry, nameof(entry));
        ArgumentNullException.ThrowIfNull(etag);

        // An ETag this table never issued matches no row: the caller lost, like any other stale writer.
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var rowEtag))
        {
            return Task.FromResult(false);
        }

        return Run(
            static (table, state, token) => table.WriteRowAsync("update", table._dialect.UpdateMemberSql, state.entry, state.rowEtag, state.expectedVersion, token),
            (entry, rowEtag, expectedVersion),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        ClusteringValidation.Address(silo, nameof(silo));
        return Run(static (table, state, token) => table.UpdateIAmAliveCoreAsync(state.silo, state.time, token), (silo, time), cancellationToken);
    }

    /// <inheritdoc />
    public Task CleanupDefunctEntriesAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        Run(static (table, before, token) => table.CleanupCoreAsync(before, token), before, cancellationToken);

    // SQLite's provider blocks the calling thread, so its calls go to the thread pool, a few at a time; a caller is never blocked.
    private Task<TResult> Run<TState, TResult>(Func<AdoNetMembershipTable, TState, CancellationToken, Task<TResult>> operation, TState state, CancellationToken cancellationToken) =>
        _dialect.BlocksCallingThread
            ? _gate.RunAsync(() => operation(this, state, cancellationToken), cancellationToken)
            : operation(this, state, cancellationToken);

    private Task Run<TState>(Func<AdoNetMembershipTable, TState, CancellationToken, Task> operation, TState state, CancellationToken cancellationToken) =>
        _dialect.BlocksCallingThread
            ? _gate.RunAsync(() => operation(this, state, cancellationToken), cancellationToken)
            : operation(this, state, cancellationToken);

    private async Task<MembershipSnapshot> ReadAllCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = CreateCommand(connection, _dialect.ReadAllSql);
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        long? version = null;
                        var rows = new List<MembershipRow>();
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            version = reader.GetInt64(0);
                            if (!await reader.IsDBNullAsync(1, cancellationToken).ConfigureAwait(false))
                            {
                                rows.Add(ReadRow(reader));
                            }
                        }

                        if (version is null)
                        {
                            throw new InvalidOperationException(
                                $"The membership version row of cluster '{ClusterId}' is missing from {_dialect.Name} table '{AdoNetClusteringDialect.VersionTable}' " +
                                "although the table created it: something deleted it. Restart the silos of the cluster to recreate it.");
                        }

                        rows.Sort(static (a, b) => a.Entry.Address.CompareTo(b.Entry.Address));
                        return new MembershipSnapshot(version.Value, rows);
                    }
                }
            }
        }
        catch (DbException exception) when (LogFailure(exception, "read"))
        {
            throw;
        }
    }

    private MembershipRow ReadRow(DbDataReader reader)
    {
        var entry = new MembershipEntry(
            SiloAddress.Parse(reader.GetString(1)),
            reader.GetString(2),
            (SiloStatus)reader.GetInt32(3),
            reader.GetInt32(4),
            _dialect.ReadTime(reader, 5),
            _dialect.ReadTime(reader, 6),
            SuspicionsFormat.Parse(reader.GetString(7)));
        return new MembershipRow(entry, reader.GetInt64(8).ToString(CultureInfo.InvariantCulture));
    }

    private async Task<bool> WriteRowAsync(string operation, string sql, MembershipEntry entry, long? etag, long expectedVersion, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // SQLite: BEGIN IMMEDIATE (the provider's default), so the write lock is taken before anything is read.
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var command = CreateCommand(connection, sql);
                    await using (command.ConfigureAwait(false))
                    {
                        command.Transaction = transaction;
                        AddParameter(command, "@expected_version", expectedVersion);
                        AddParameter(command, "@address", entry.Address.ToString());
                        AddParameter(command, "@silo_name", entry.SiloName);
                        AddParameter(command, "@status", (int)entry.Status);
                        AddParameter(command, "@gateway_port", entry.GatewayPort);
                        AddParameter(command, "@start_time", TimeValue(entry.StartTime));
                        AddParameter(command, "@i_am_alive_time", TimeValue(entry.IAmAliveTime));
                        AddParameter(command, "@suspicions", SuspicionsFormat.Format(entry.Suspicions));
                        if (etag is { } rowEtag)
                        {
                            AddParameter(command, "@etag", rowEtag);
                        }

                        // Each statement changes at most one row: two means the version and the member both matched.
                        var changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                        if (changed == 2)
                        {
                            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                            return true;
                        }
                    }

                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    AdoNetClusteringLog.MembershipConflict(_logger, _dialect.Name, ClusterId, operation, entry.Address, expectedVersion);
                    return false;
                }
            }
        }
        catch (DbException exception) when (LogFailure(exception, operation))
        {
            throw;
        }
    }

    private async Task UpdateIAmAliveCoreAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = CreateCommand(connection, _dialect.UpdateIAmAliveSql);
                await using (command.ConfigureAwait(false))
                {
                    AddParameter(command, "@address", silo.ToString());
                    AddParameter(command, "@i_am_alive_time", TimeValue(time));
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (DbException exception) when (LogFailure(exception, "heartbeat"))
        {
            throw;
        }
    }

    private async Task CleanupCoreAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = CreateCommand(connection, _dialect.DeleteDefunctMembersSql);
                await using (command.ConfigureAwait(false))
                {
                    AddParameter(command, "@dead", (int)SiloStatus.Dead);
                    AddParameter(command, "@before", TimeValue(before));
                    var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    if (deleted > 0)
                    {
                        AdoNetClusteringLog.DefunctDeleted(_logger, _dialect.Name, ClusterId, deleted, before);
                    }
                }
            }
        }
        catch (DbException exception) when (LogFailure(exception, "cleanup"))
        {
            throw;
        }
    }

    private Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        var initialization = Volatile.Read(ref _initialization);
        if (initialization is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_initializationLock)
        {
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                // Not tied to the caller's token: one caller giving up must not fail the others waiting on it.
                _initialization = InitializeOnceAsync();
            }

            initialization = _initialization;
        }

        return initialization.WaitAsync(cancellationToken);
    }

    private async Task InitializeOnceAsync()
    {
        try
        {
            await _dialect.EnsureSchemaAsync(CancellationToken.None).ConfigureAwait(false);
            var connection = await _dialect.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // ON CONFLICT DO NOTHING: silos starting together all succeed and the version stays where it is.
                var command = CreateCommand(connection, _dialect.InsertVersionSql);
                await using (command.ConfigureAwait(false))
                {
                    await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }

            AdoNetClusteringLog.MembershipReady(_logger, _dialect.Name, ClusterId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            AdoNetClusteringLog.SchemaFailed(_logger, exception, _dialect.Name);
            throw;
        }
    }

    private object TimeValue(DateTimeOffset time) => _dialect.ToTimeValue(ClusteringValidation.ToStoredTime(time));

    private DbCommand CreateCommand(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, "@cluster_id", ClusterId);
        return command;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private bool LogFailure(Exception exception, string operation)
    {
        AdoNetClusteringLog.MembershipFailed(_logger, exception, _dialect.Name, ClusterId, operation);
        return false;
    }
}
