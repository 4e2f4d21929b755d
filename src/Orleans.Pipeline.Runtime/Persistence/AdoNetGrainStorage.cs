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
/// Concurrency: every check-and-change is a single statement whose WHERE clause carries the expected version
/// (<c>UPDATE ... WHERE version = @version</c>, <c>DELETE ... WHERE version = @version</c>) or relies on the primary
/// key (<c>INSERT</c>), so the database decides which of several racing writers wins; no read-then-write window
/// exists in this class. The instance is thread-safe and holds no connection between calls (connections come from the
/// provider's pool).
/// </para>
/// <para>
/// Versions: a new row starts at the current time in ticks (from the <see cref="TimeProvider"/>) and each update adds
/// one, so an ETag taken before a <see cref="ClearAsync"/> does not match a row written again after it.
/// </para>
/// <para>The table is created on first use; disposing the storage disposes its dialect.</para>
/// </remarks>
public class AdoNetGrainStorage : IGrainStorage, IAsyncDisposable, IDisposable
{
    private readonly AdoNetStorageDialect _dialect;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _schemaLock = new();

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
    }

    // Blocking providers run here, a few at a time (see BlockingCallGate).
    private readonly BlockingCallGate _gate = BlockingCallGate.ForProcessors();

    /// <summary>The backend this storage runs on.</summary>
    public AdoNetStorageDialect Dialect => _dialect;

    /// <inheritdoc />
    public Task<GrainStateRecord?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return _dialect.BlocksCallingThread
            ? _gate.RunAsync(() => ReadCoreAsync(key, cancellationToken), cancellationToken)
            : ReadCoreAsync(key, cancellationToken);
    }

    /// <inheritdoc />
    public Task<string> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return _dialect.BlocksCallingThread
            ? _gate.RunAsync(() => WriteCoreAsync(key, data, expectedEtag, cancellationToken), cancellationToken)
            : WriteCoreAsync(key, data, expectedEtag, cancellationToken);
    }

    /// <inheritdoc />
    public Task ClearAsync(GrainStateKey key, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return _dialect.BlocksCallingThread
            ? _gate.RunAsync(() => ClearCoreAsync(key, expectedEtag, cancellationToken), cancellationToken)
            : ClearCoreAsync(key, expectedEtag, cancellationToken);
    }

    private async Task<GrainStateRecord?> ReadCoreAsync(GrainStateKey key, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = CreateCommand(connection, _dialect.ReadSql, key);
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

    private async Task<string> WriteCoreAsync(GrainStateKey key, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var now = _timeProvider.GetUtcNow();
                if (expectedEtag is null)
                {
                    var version = Math.Max(1, now.UtcTicks);
                    try
                    {
                        await ExecuteAsync(connection, _dialect.InsertSql, key, data, version, now, cancellationToken).ConfigureAwait(false);
                        return FormatEtag(version);
                    }
                    catch (DbException exception) when (_dialect.IsUniqueViolation(exception))
                    {
                        throw await ConflictAsync(connection, "write", key, expectedEtag, cancellationToken).ConfigureAwait(false);
                    }
                }

                if (TryParseEtag(expectedEtag, out var expected)
                    && await ExecuteAsync(connection, _dialect.UpdateSql, key, data, expected, now, cancellationToken).ConfigureAwait(false) == 1)
                {
                    return FormatEtag(expected + 1);
                }

                throw await ConflictAsync(connection, "write", key, expectedEtag, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DbException exception) when (LogFailure(exception, "write", key))
        {
            throw;
        }
    }

    private async Task ClearCoreAsync(GrainStateKey key, string? expectedEtag, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // A null ETag claims "there is no row": nothing to delete, but a row that exists is a conflict.
                if (expectedEtag is not null
                    && TryParseEtag(expectedEtag, out var expected)
                    && await ExecuteAsync(connection, _dialect.DeleteSql, key, payload: null, expected, modifiedAt: null, cancellationToken).ConfigureAwait(false) == 1)
                {
                    return;
                }

                var stored = await ReadVersionAsync(connection, key, cancellationToken).ConfigureAwait(false);
                if (stored is null && expectedEtag is null)
                {
                    return;
                }

                throw Conflict("clear", key, expectedEtag, stored);
            }
        }
        catch (DbException exception) when (LogFailure(exception, "clear", key))
        {
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        await _dialect.DisposeAsync().ConfigureAwait(false);
        _disposed.Dispose();
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
        _dialect.Dispose();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
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

    private async Task<InconsistentStateException> ConflictAsync(DbConnection connection, string operation, GrainStateKey key, string? expectedEtag, CancellationToken cancellationToken)
    {
        var stored = await ReadVersionAsync(connection, key, cancellationToken).ConfigureAwait(false);
        return Conflict(operation, key, expectedEtag, stored);
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

    private async Task<long?> ReadVersionAsync(DbConnection connection, GrainStateKey key, CancellationToken cancellationToken)
    {
        var command = CreateCommand(connection, _dialect.ReadVersionSql, key);
        await using (command.ConfigureAwait(false))
        {
            var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return result is null or DBNull ? null : Convert.ToInt64(result, CultureInfo.InvariantCulture);
        }
    }

    private async Task<int> ExecuteAsync(
        DbConnection connection,
        string sql,
        GrainStateKey key,
        ReadOnlyMemory<byte>? payload,
        long version,
        DateTimeOffset? modifiedAt,
        CancellationToken cancellationToken)
    {
        var command = CreateCommand(connection, sql, key);
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

            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static DbCommand CreateCommand(DbConnection connection, string sql, GrainStateKey key)
    {
        var command = connection.CreateCommand();
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
}
