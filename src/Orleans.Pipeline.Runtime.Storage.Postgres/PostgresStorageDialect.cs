using System.Data.Common;
using Npgsql;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.Storage.Postgres;

/// <summary>The PostgreSQL backend of <see cref="AdoNetGrainStorage"/>, over an <see cref="NpgsqlDataSource"/>.</summary>
/// <remarks>
/// Keys are <c>text</c> under a B-tree primary key, so one key's three components together must stay under about
/// 2,700 bytes of UTF-8, and may not contain the NUL character (PostgreSQL text cannot hold it).
/// </remarks>
public sealed class PostgresStorageDialect : AdoNetStorageDialect
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly long _schemaLockKey;

    /// <summary>Creates a data source from <see cref="PostgresGrainStorageOptions.ConnectionString"/>, owned by this dialect.</summary>
    public PostgresStorageDialect(PostgresGrainStorageOptions options)
        : this(CreateDataSource(options), (options ?? throw new ArgumentNullException(nameof(options))).TableName, ownsDataSource: true)
    {
    }

    /// <param name="dataSource">The database.</param>
    /// <param name="tableName">Default: <c>grain_state</c>.</param>
    /// <param name="ownsDataSource">Whether disposing this dialect disposes <paramref name="dataSource"/>.</param>
    public PostgresStorageDialect(NpgsqlDataSource dataSource, string tableName = DefaultTableName, bool ownsDataSource = false)
        : base(tableName)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _schemaLockKey = PostgresSchema.LockKey(tableName);
    }

    /// <inheritdoc />
    public override string Name => "PostgreSQL";

    /// <inheritdoc />
    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);

        await PostgresSchema.CreateUnderLockAsync(connection, _schemaLockKey, $"""
                    CREATE TABLE IF NOT EXISTS {TableName} (
                        grain_type text NOT NULL,
                        grain_key text NOT NULL,
                        state_name text NOT NULL,
                        payload bytea NOT NULL,
                        version bigint NOT NULL,
                        modified_at timestamptz NOT NULL,
                        CONSTRAINT {TableName}_pkey PRIMARY KEY (grain_type, grain_key, state_name)
                    );
                    """, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Npgsql writes the bytes straight from the memory: no copy for a slice.</summary>
    public override object ToPayloadValue(ReadOnlyMemory<byte> data) => data;

    /// <inheritdoc />
    protected override async ValueTask DisposeAsyncCore()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsDataSource)
        {
            _dataSource.Dispose();
        }

        base.Dispose(disposing);
    }

    private static NpgsqlDataSource CreateDataSource(PostgresGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("PostgreSQL grain storage needs a connection string (PostgresGrainStorageOptions.ConnectionString).", nameof(options));
        }

        return NpgsqlDataSource.Create(options.ConnectionString);
    }
}
