using System.Data.Common;
using Npgsql;
using Orleans.Pipeline.Runtime.Clustering;

namespace Orleans.Pipeline.Runtime.Storage.Postgres;

/// <summary>
/// The PostgreSQL backend of the cluster database (<see cref="AdoNetMembershipTable"/>, <see cref="AdoNetGrainDirectory"/>),
/// over an <see cref="NpgsqlDataSource"/>: the backend for clusters of several machines. Times are <c>timestamptz</c>.
/// </summary>
/// <remarks>
/// Membership writes run at READ COMMITTED: the version bump waits for a racing writer's lock and then re-checks its
/// condition against the committed row, so exactly one of several writers from the same version succeeds. Text keys
/// use the <c>"C"</c> collation (byte order: exact matching, the fastest comparisons).
/// </remarks>
public sealed class PostgresClusteringDialect : AdoNetClusteringDialect
{
    private static readonly long SchemaLockKey = PostgresSchema.LockKey("clustering");

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    /// <param name="connectionString">An Npgsql connection string.</param>
    public PostgresClusteringDialect(string connectionString)
        : this(new PostgresClusteringOptions { ConnectionString = connectionString })
    {
    }

    /// <summary>Creates a data source from <see cref="PostgresClusteringOptions.ConnectionString"/>, owned by this dialect.</summary>
    public PostgresClusteringDialect(PostgresClusteringOptions options)
        : this(CreateDataSource(options), ownsDataSource: true)
    {
    }

    /// <param name="dataSource">The database.</param>
    /// <param name="ownsDataSource">Whether disposing this dialect disposes <paramref name="dataSource"/>. Default: false.</param>
    public PostgresClusteringDialect(NpgsqlDataSource dataSource, bool ownsDataSource = false)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
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

        await PostgresSchema.CreateUnderLockAsync(connection, SchemaLockKey, $"""
                    CREATE TABLE IF NOT EXISTS {VersionTable} (
                        cluster_id text COLLATE "C" NOT NULL,
                        version bigint NOT NULL,
                        CONSTRAINT {VersionTable}_pkey PRIMARY KEY (cluster_id)
                    );
                    CREATE TABLE IF NOT EXISTS {MemberTable} (
                        cluster_id text COLLATE "C" NOT NULL,
                        address text COLLATE "C" NOT NULL,
                        silo_name text NOT NULL,
                        status integer NOT NULL,
                        gateway_port integer NOT NULL,
                        start_time timestamptz NOT NULL,
                        i_am_alive_time timestamptz NOT NULL,
                        suspicions text NOT NULL,
                        etag bigint NOT NULL,
                        CONSTRAINT {MemberTable}_pkey PRIMARY KEY (cluster_id, address)
                    );
                    CREATE TABLE IF NOT EXISTS {DirectoryTable} (
                        cluster_id text COLLATE "C" NOT NULL,
                        grain_type text COLLATE "C" NOT NULL,
                        grain_key text COLLATE "C" NOT NULL,
                        silo text COLLATE "C" NOT NULL,
                        registered_at timestamptz NOT NULL,
                        CONSTRAINT {DirectoryTable}_pkey PRIMARY KEY (cluster_id, grain_type, grain_key)
                    );
                    CREATE INDEX IF NOT EXISTS {DirectoryTable}_silo ON {DirectoryTable} (cluster_id, silo);
                    """, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The time itself (UTC), stored as <c>timestamptz</c>.</summary>
    public override object ToTimeValue(DateTimeOffset time) => time.ToUniversalTime();

    /// <inheritdoc />
    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.GetFieldValue<DateTimeOffset>(ordinal);
    }

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

    private static NpgsqlDataSource CreateDataSource(PostgresClusteringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("PostgreSQL clustering needs a connection string (PostgresClusteringOptions.ConnectionString).", nameof(options));
        }

        return NpgsqlDataSource.Create(options.ConnectionString);
    }
}
