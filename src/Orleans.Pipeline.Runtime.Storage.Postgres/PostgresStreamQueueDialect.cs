using System.Data.Common;
using Npgsql;
using Orleans.Pipeline.Runtime.Streams;

namespace Orleans.Pipeline.Runtime.Storage.Postgres;

/// <summary>
/// The PostgreSQL backend of durable stream queues (<see cref="AdoNetStreamQueue"/>), over an
/// <see cref="NpgsqlDataSource"/>. Writes run at READ COMMITTED: an append's owner check locks the owner row until its
/// transaction commits, so a claim of the queue waits for it. Text keys use the <c>"C"</c> collation.
/// </summary>
public sealed class PostgresStreamQueueDialect : AdoNetStreamQueueDialect
{
    private static readonly long SchemaLockKey = PostgresSchema.LockKey("streams");

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    /// <param name="connectionString">An Npgsql connection string; usually the cluster database's.</param>
    public PostgresStreamQueueDialect(string connectionString)
        : this(CreateDataSource(connectionString), ownsDataSource: true)
    {
    }

    /// <param name="dataSource">The database.</param>
    /// <param name="ownsDataSource">Whether disposing this dialect disposes <paramref name="dataSource"/>. Default: false.</param>
    public PostgresStreamQueueDialect(NpgsqlDataSource dataSource, bool ownsDataSource = false)
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

        // CREATE TABLE IF NOT EXISTS is not atomic in PostgreSQL: a transaction-scoped advisory lock makes racing sessions take turns.
        await PostgresSchema.CreateUnderLockAsync(connection, SchemaLockKey, $"""
                    CREATE TABLE IF NOT EXISTS {OwnerTable} (
                        queue_id text COLLATE "C" NOT NULL,
                        epoch bigint NOT NULL,
                        owner text NOT NULL,
                        CONSTRAINT {OwnerTable}_pkey PRIMARY KEY (queue_id)
                    );
                    CREATE TABLE IF NOT EXISTS {QueueTable} (
                        queue_id text COLLATE "C" NOT NULL,
                        entry_position bigint NOT NULL,
                        producer_id text NOT NULL,
                        first_sequence bigint NOT NULL,
                        item_count integer NOT NULL,
                        kind integer NOT NULL,
                        payload bytea NOT NULL,
                        CONSTRAINT {QueueTable}_pkey PRIMARY KEY (queue_id, entry_position)
                    );
                    """, cancellationToken).ConfigureAwait(false);
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

    private static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("PostgreSQL stream queues need a connection string.", nameof(connectionString));
        }

        return NpgsqlDataSource.Create(connectionString);
    }
}
