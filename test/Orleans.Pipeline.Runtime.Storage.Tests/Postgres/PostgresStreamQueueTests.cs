using Orleans.Pipeline.Runtime.Storage.Postgres;
using Orleans.Pipeline.Runtime.Streams;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Storage.Tests.Postgres;

/// <summary>The durable stream queue contract on PostgreSQL: one database for the class, a fresh one where a test needs it.</summary>
public sealed class PostgresStreamQueueTests(PostgresDatabaseFixture database) : StreamQueueContractTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<string> GetDatabaseAsync() => Task.FromResult(database.ConnectionString);

    protected override Task<string> CreateDatabaseAsync() => database.CreateDatabaseAsync();

    protected override AdoNetStreamQueueDialect CreateDialect(string database) => new PostgresStreamQueueDialect(database);
}
