using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.Storage.Postgres;

/// <summary>Grain storage in PostgreSQL (see <see cref="PostgresStorageDialect"/>); the table is created on first use.</summary>
public sealed class PostgresGrainStorage : AdoNetGrainStorage
{
    /// <param name="connectionString">An Npgsql connection string.</param>
    public PostgresGrainStorage(string connectionString)
        : this(new PostgresGrainStorageOptions { ConnectionString = connectionString })
    {
    }

    /// <param name="options">Where the database is.</param>
    /// <param name="timeProvider">Default: the system clock.</param>
    /// <param name="logger">Default: no logging.</param>
    public PostgresGrainStorage(PostgresGrainStorageOptions options, TimeProvider? timeProvider = null, ILogger<PostgresGrainStorage>? logger = null)
        : base(new PostgresStorageDialect(options), timeProvider, logger)
    {
    }
}
