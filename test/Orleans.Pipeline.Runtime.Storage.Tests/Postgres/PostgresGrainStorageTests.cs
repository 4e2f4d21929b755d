using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Storage.Postgres;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Storage.Tests.Postgres;

/// <summary>The storage contract on PostgreSQL: one database for the class, a fresh one where a test needs it.</summary>
public sealed class PostgresGrainStorageTests(PostgresDatabaseFixture database) : GrainStorageContractTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<string> GetDatabaseAsync() => Task.FromResult(database.ConnectionString);

    protected override Task<string> CreateDatabaseAsync() => database.CreateDatabaseAsync();

    protected override AdoNetGrainStorage CreateStorage(string database) => new PostgresGrainStorage(database);
}
