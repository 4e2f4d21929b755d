using Orleans.Pipeline.Runtime.Clustering;
using Orleans.Pipeline.Runtime.Storage.Postgres;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Storage.Tests.Postgres;

/// <summary>The grain directory contract on PostgreSQL: one database for the class, a fresh one where a test needs it.</summary>
public sealed class PostgresGrainDirectoryTests(PostgresDatabaseFixture database) : GrainDirectoryContractTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<string> GetDatabaseAsync() => Task.FromResult(database.ConnectionString);

    protected override Task<string> CreateDatabaseAsync() => database.CreateDatabaseAsync();

    protected override AdoNetClusteringDialect CreateDialect(string database) => new PostgresClusteringDialect(database);
}
