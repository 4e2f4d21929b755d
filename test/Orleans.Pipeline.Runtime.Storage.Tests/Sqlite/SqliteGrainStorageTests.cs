using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Storage.Sqlite;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Storage.Tests.Sqlite;

/// <summary>The storage contract on SQLite: each test gets its own directory of database files.</summary>
public sealed class SqliteGrainStorageTests : GrainStorageContractTests
{
    private readonly TemporaryDirectory _directory = new("sqlite-storage");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    protected override Task<string> GetDatabaseAsync() => Task.FromResult(_directory.GetPath("test.db"));

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(_directory.GetPath($"{Guid.NewGuid():N}.db"));

    protected override AdoNetGrainStorage CreateStorage(string database) => new SqliteGrainStorage(database);
}
