using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Pipeline.Runtime.GrainDirectory;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.Clustering;

/// <summary>
/// <see cref="IGrainDirectory"/> over ADO.NET, one implementation for every backend (see
/// <see cref="AdoNetClusteringDialect"/>). One instance serves one cluster id; entries are rows keyed by
/// (cluster id, grain type, grain key) under a real primary key, so there is never more than one entry per grain.
/// </summary>
/// <remarks>
/// <para>
/// Concurrency: registration is <c>INSERT ... ON CONFLICT DO NOTHING</c> followed, in the same round trip, by a
/// select of the entry, so of several silos registering one grain at once the first insert wins and every caller
/// gets that winner back. Unregistration deletes only where the entry names the given silo address (host, port and
/// generation), so a silo cannot remove an entry that another silo, or a later incarnation of itself, holds.
/// </para>
/// <para>
/// Keys are stored as given (any text; PostgreSQL cannot store the NUL character, and under its B-tree index a type and
/// key together must stay under about 2,700 bytes of UTF-8). The tables are created on first use; the instance is
/// thread-safe and does not own the dialect.
/// </para>
/// </remarks>
public sealed class AdoNetGrainDirectory : IGrainDirectory
{
    // A register whose select finds no row lost to an unregister between its two statements; it tries again.
    private const int MaxRegisterAttempts = 16;

    private readonly AdoNetClusteringDialect _dialect;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly BlockingCallGate _gate = BlockingCallGate.ForProcessors();

    /// <param name="dialect">The database; shared, not owned (dispose it yourself after the directory's last use).</param>
    /// <param name="clusterId">The cluster whose grains this directory locates: 1 to 256 characters without NUL.</param>
    /// <param name="timeProvider">The clock for registration times (default: the system clock).</param>
    /// <param name="logger">Default: no logging.</param>
    public AdoNetGrainDirectory(AdoNetClusteringDialect dialect, string clusterId, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        _dialect = dialect;
        ClusterId = ClusteringValidation.ClusterId(clusterId, nameof(clusterId));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The cluster whose grains this directory locates.</summary>
    public string ClusterId { get; }

    /// <summary>The backend this directory runs on.</summary>
    public AdoNetClusteringDialect Dialect => _dialect;

    /// <inheritdoc />
    public Task<SiloAddress> RegisterAsync(GrainId grainId, SiloAddress silo, CancellationToken cancellationToken = default)
    {
        ValidateGrainId(grainId);
        ClusteringValidation.Address(silo, nameof(silo));
        return Run(static (directory, state, token) => directory.RegisterCoreAsync(state.grainId, state.silo, token), (grainId, silo), cancellationToken);
    }

    /// <inheritdoc />
    public Task<SiloAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken = default)
    {
        ValidateGrainId(grainId);
        return Run(static (directory, grainId, token) => directory.LookupCoreAsync(grainId, token), grainId, cancellationToken);
    }

    /// <inheritdoc />
    public Task UnregisterAsync(GrainId grainId, SiloAddress silo, CancellationToken cancellationToken = default)
    {
        ValidateGrainId(grainId);
        ClusteringValidation.Address(silo, nameof(silo));
        return Run(
            static (directory, state, token) => directory.DeleteAsync("unregister", directory._dialect.UnregisterGrainSql, state.grainId, state.silo, token),
            (grainId: (GrainId?)grainId, silo),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> UnregisterSiloAsync(SiloAddress silo, CancellationToken cancellationToken = default)
    {
        ClusteringValidation.Address(silo, nameof(silo));
        return Run(static (directory, silo, token) => directory.UnregisterSiloCoreAsync(silo, token), silo, cancellationToken);
    }

    // SQLite's provider blocks the calling thread, so its calls go to the thread pool, a few at a time; a caller (a grain turn) is never blocked.
    private Task<TResult> Run<TState, TResult>(Func<AdoNetGrainDirectory, TState, CancellationToken, Task<TResult>> operation, TState state, CancellationToken cancellationToken) =>
        _dialect.BlocksCallingThread
            ? _gate.RunAsync(() => operation(this, state, cancellationToken), cancellationToken)
            : operation(this, state, cancellationToken);

    private async Task<SiloAddress> RegisterCoreAsync(GrainId grainId, SiloAddress silo, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                for (var attempt = 1; ; attempt++)
                {
                    var command = CreateCommand(connection, _dialect.RegisterGrainSql, grainId);
                    await using (command.ConfigureAwait(false))
                    {
                        AddParameter(command, "@silo", silo.ToString());
                        AddParameter(command, "@registered_at", _dialect.ToTimeValue(ClusteringValidation.ToStoredTime(_timeProvider.GetUtcNow())));
                        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string winner)
                        {
                            return SiloAddress.Parse(winner);
                        }
                    }

                    if (attempt == MaxRegisterAttempts)
                    {
                        throw new InvalidOperationException(
                            $"Registering grain {grainId} in the {_dialect.Name} grain directory of cluster '{ClusterId}' did not settle after {MaxRegisterAttempts} attempts: " +
                            "each time the entry was removed before it could be read. Retry the call.");
                    }
                }
            }
        }
        catch (DbException exception) when (LogFailure(exception, "register"))
        {
            throw;
        }
    }

    private async Task<SiloAddress?> LookupCoreAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = CreateCommand(connection, _dialect.LookupGrainSql, grainId);
                await using (command.ConfigureAwait(false))
                {
                    return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string silo
                        ? SiloAddress.Parse(silo)
                        : null;
                }
            }
        }
        catch (DbException exception) when (LogFailure(exception, "lookup"))
        {
            throw;
        }
    }

    private async Task<int> UnregisterSiloCoreAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        var count = await DeleteAsync("unregister silo", _dialect.UnregisterSiloSql, grainId: null, silo, cancellationToken).ConfigureAwait(false);
        if (count > 0)
        {
            AdoNetClusteringLog.SiloUnregistered(_logger, _dialect.Name, ClusterId, count, silo);
        }

        return count;
    }

    private async Task<int> DeleteAsync(string operation, string sql, GrainId? grainId, SiloAddress silo, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = CreateCommand(connection, sql, grainId);
                await using (command.ConfigureAwait(false))
                {
                    AddParameter(command, "@silo", silo.ToString());
                    return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (DbException exception) when (LogFailure(exception, operation))
        {
            throw;
        }
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _dialect.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && LogSchemaFailure(exception))
        {
            throw;
        }
    }

    private DbCommand CreateCommand(DbConnection connection, string sql, GrainId? grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, "@cluster_id", ClusterId);
        if (grainId is { } id)
        {
            AddParameter(command, "@grain_type", id.Type);
            AddParameter(command, "@grain_key", id.Key);
        }

        return command;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static void ValidateGrainId(GrainId grainId)
    {
        // A default(GrainId) has null components; every component of a real id is a string (the key possibly empty).
        if (grainId.Type is null || grainId.Key is null)
        {
            throw new ArgumentException("A grain id needs a grain type and a key (neither null).", nameof(grainId));
        }
    }

    private bool LogFailure(Exception exception, string operation)
    {
        AdoNetClusteringLog.DirectoryFailed(_logger, exception, _dialect.Name, ClusterId, operation);
        return false;
    }

    private bool LogSchemaFailure(Exception exception)
    {
        AdoNetClusteringLog.SchemaFailed(_logger, exception, _dialect.Name);
        return false;
    }
}
