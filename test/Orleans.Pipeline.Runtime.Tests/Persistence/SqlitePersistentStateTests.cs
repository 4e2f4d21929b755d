using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime.Storage.Sqlite;

namespace Orleans.Pipeline.Runtime.Tests.Persistence;

public sealed class SqlitePersistentStateTests : PersistentStateTests
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"state-{Guid.NewGuid():N}.db");

    protected override void AddStorage(IServiceCollection services) => services.AddSqliteGrainStorage(_database);

    public override Task DisposeAsync()
    {
        File.Delete(_database);
        return Task.CompletedTask;
    }
}
