using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.Storage.Sqlite;

/// <summary>Grain storage in a SQLite file (see <see cref="SqliteStorageDialect"/>); the table is created on first use.</summary>
public sealed class SqliteGrainStorage : AdoNetGrainStorage
{
    /// <param name="pathOrConnectionString">A database file path, or a connection string such as <c>Data Source=state.db</c>.</param>
    public SqliteGrainStorage(string pathOrConnectionString)
        : this(new SqliteGrainStorageOptions { DataSource = pathOrConnectionString })
    {
    }

    /// <param name="options">Where the database is.</param>
    /// <param name="timeProvider">Default: the system clock.</param>
    /// <param name="logger">Default: no logging.</param>
    public SqliteGrainStorage(SqliteGrainStorageOptions options, TimeProvider? timeProvider = null, ILogger<SqliteGrainStorage>? logger = null)
        : base(new SqliteStorageDialect(options), timeProvider, logger)
    {
    }
}
