using System.Data.Common;

namespace Orleans.Pipeline.Runtime.Clustering;

/// <summary>
/// What differs between ADO.NET backends of the cluster database (<see cref="AdoNetMembershipTable"/> and
/// <see cref="AdoNetGrainDirectory"/>): how a connection is opened, how the tables are created and how times are
/// stored. One dialect instance stands for one database and is shared by the membership table and the directory of
/// every cluster id in it; the data statements use only portable SQL with <c>@name</c> parameters.
/// </summary>
/// <remarks>
/// <para>Tables (fixed names; several clusters share them through the <c>cluster_id</c> column):</para>
/// <list type="bullet">
/// <item><c>membership_version</c>: <c>cluster_id</c> (primary key), <c>version</c> (64-bit).</item>
/// <item><c>membership_member</c>: <c>cluster_id</c>, <c>address</c> (<see cref="Membership.SiloAddress"/> text; together the
/// primary key), <c>silo_name</c>, <c>status</c>, <c>gateway_port</c>, <c>start_time</c>, <c>i_am_alive_time</c>,
/// <c>suspicions</c> (<c>voter|unix-ms;voter|unix-ms</c>), <c>etag</c> (64-bit).</item>
/// <item><c>grain_directory</c>: <c>cluster_id</c>, <c>grain_type</c>, <c>grain_key</c> (together the primary key),
/// <c>silo</c> (address text, indexed with <c>cluster_id</c>), <c>registered_at</c>.</item>
/// </list>
/// <para>Times are stored to the millisecond.</para>
/// </remarks>
public abstract class AdoNetClusteringDialect : IAsyncDisposable, IDisposable
{
    /// <summary>The table holding each cluster's membership version.</summary>
    public const string VersionTable = "membership_version";

    /// <summary>The table holding the members of every cluster.</summary>
    public const string MemberTable = "membership_member";

    /// <summary>The table holding the grain directory of every cluster.</summary>
    public const string DirectoryTable = "grain_directory";

    private const string MemberColumns = "address, silo_name, status, gateway_port, start_time, i_am_alive_time, suspicions, etag";

    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _schemaLock = new();

    // Null until first use; replaced if it failed, so a database that was down at start is retried.
    private Task? _schema;

    /// <summary>The backend's name, for logs and messages (e.g. <c>SQLite</c>).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Whether the provider's async methods block the calling thread (Microsoft.Data.Sqlite's do, including while
    /// waiting for a lock). If so every operation runs on the thread pool. Default: false.
    /// </summary>
    public virtual bool BlocksCallingThread => false;

    /// <summary>Creates the version row of <c>@cluster_id</c> at version 0 unless it exists.</summary>
    public virtual string InsertVersionSql =>
        $"INSERT INTO {VersionTable} (cluster_id, version) VALUES (@cluster_id, 0) ON CONFLICT (cluster_id) DO NOTHING";

    /// <summary>
    /// Selects the cluster's version with each member (one statement, so one consistent snapshot): <c>version</c>, then
    /// the member columns, null for a cluster without members.
    /// </summary>
    public virtual string ReadAllSql =>
        "SELECT v.version, m.address, m.silo_name, m.status, m.gateway_port, m.start_time, m.i_am_alive_time, m.suspicions, m.etag " +
        $"FROM {VersionTable} v " +
        $"LEFT JOIN {MemberTable} m ON m.cluster_id = v.cluster_id WHERE v.cluster_id = @cluster_id";

    /// <summary>
    /// Bumps the version from <c>@expected_version</c> and inserts a member unless its address exists: two rows change
    /// exactly when both checks pass. Runs in a transaction that is rolled back otherwise.
    /// </summary>
    public virtual string InsertMemberSql =>
        $"UPDATE {VersionTable} SET version = version + 1 WHERE cluster_id = @cluster_id AND version = @expected_version; " +
        $"INSERT INTO {MemberTable} (cluster_id, {MemberColumns}) VALUES " +
        "(@cluster_id, @address, @silo_name, @status, @gateway_port, @start_time, @i_am_alive_time, @suspicions, 1) " +
        "ON CONFLICT (cluster_id, address) DO NOTHING";

    /// <summary>
    /// Bumps the version from <c>@expected_version</c> and replaces a member whose ETag is <c>@etag</c>, incrementing
    /// it: two rows change exactly when both checks pass. The heartbeat time only moves forward, so a writer that read
    /// the row before the member's last heartbeat does not move it back.
    /// </summary>
    public virtual string UpdateMemberSql =>
        $"UPDATE {VersionTable} SET version = version + 1 WHERE cluster_id = @cluster_id AND version = @expected_version; " +
        $"UPDATE {MemberTable} SET silo_name = @silo_name, status = @status, gateway_port = @gateway_port, start_time = @start_time, " +
        "i_am_alive_time = CASE WHEN i_am_alive_time > @i_am_alive_time THEN i_am_alive_time ELSE @i_am_alive_time END, " +
        "suspicions = @suspicions, etag = etag + 1 " +
        "WHERE cluster_id = @cluster_id AND address = @address AND etag = @etag";

    /// <summary>Moves one member's heartbeat forward to <c>@i_am_alive_time</c>; touches neither its ETag nor the version.</summary>
    public virtual string UpdateIAmAliveSql =>
        $"UPDATE {MemberTable} SET i_am_alive_time = @i_am_alive_time " +
        "WHERE cluster_id = @cluster_id AND address = @address AND i_am_alive_time < @i_am_alive_time";

    /// <summary>Deletes the cluster's dead members (status <c>@dead</c>) whose heartbeat is older than <c>@before</c>.</summary>
    public virtual string DeleteDefunctMembersSql =>
        $"DELETE FROM {MemberTable} WHERE cluster_id = @cluster_id AND status = @dead AND i_am_alive_time < @before";

    /// <summary>
    /// Inserts a directory entry unless the grain has one, then selects the entry's silo (the winner): one round trip.
    /// The select is a statement of its own so that it sees a row committed by a racing writer the insert waited for.
    /// </summary>
    public virtual string RegisterGrainSql =>
        $"INSERT INTO {DirectoryTable} (cluster_id, grain_type, grain_key, silo, registered_at) " +
        "VALUES (@cluster_id, @grain_type, @grain_key, @silo, @registered_at) " +
        "ON CONFLICT (cluster_id, grain_type, grain_key) DO NOTHING; " +
        LookupGrainSql;

    /// <summary>Selects the silo of one grain.</summary>
    public virtual string LookupGrainSql =>
        $"SELECT silo FROM {DirectoryTable} WHERE cluster_id = @cluster_id AND grain_type = @grain_type AND grain_key = @grain_key";

    /// <summary>Deletes one grain's entry if it names <c>@silo</c>.</summary>
    public virtual string UnregisterGrainSql =>
        $"DELETE FROM {DirectoryTable} WHERE cluster_id = @cluster_id AND grain_type = @grain_type AND grain_key = @grain_key AND silo = @silo";

    /// <summary>Deletes every entry of the cluster that names <c>@silo</c> (served by the index on <c>(cluster_id, silo)</c>).</summary>
    public virtual string UnregisterSiloSql =>
        $"DELETE FROM {DirectoryTable} WHERE cluster_id = @cluster_id AND silo = @silo";

    /// <summary>Opens a connection (from the provider's pool) ready for the statements above.</summary>
    public abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Creates the three tables and the directory's silo index if they do not exist. Must be idempotent and safe when
    /// several processes run it at once against the same database.
    /// </summary>
    public abstract Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The parameter value that stores <paramref name="time"/> (already truncated to the millisecond, UTC).</summary>
    public abstract object ToTimeValue(DateTimeOffset time);

    /// <summary>Reads a time stored by <see cref="ToTimeValue"/>, as UTC.</summary>
    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>
    /// Creates the schema on the first call (per dialect, so per database) and returns at once afterwards; a failed
    /// attempt is retried by the next call.
    /// </summary>
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

    /// <summary>Releases the backend's resources (pools, data sources). The default calls <see cref="Dispose(bool)"/>.</summary>
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
