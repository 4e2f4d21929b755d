using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime.Storage.Postgres;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Tests.Persistence;

/// <summary>The same behaviour on PostgreSQL: a private server, one database for this class (grain keys differ per test).</summary>
public sealed class PostgresPersistentStateTests(PostgresDatabaseFixture database) : PersistentStateTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override void AddStorage(IServiceCollection services) => services.AddPostgresGrainStorage(database.ConnectionString);
}
