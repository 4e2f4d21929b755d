using Orleans.Pipeline.Runtime.Storage.Sqlite;
using Orleans.Pipeline.Runtime.Streams;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Storage.Tests.Sqlite;

/// <summary>The durable stream queue contract on SQLite: each test gets its own directory of database files.</summary>
public sealed class SqliteStreamQueueTests : StreamQueueContractTests
{
    private readonly TemporaryDirectory _directory = new("sqlite-streams");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    protected override Task<string> GetDatabaseAsync() => Task.FromResult(_directory.GetPath("cluster.db"));

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(_directory.GetPath($"{Guid.NewGuid():N}.db"));

    protected override AdoNetStreamQueueDialect CreateDialect(string database) => new SqliteStreamQueueDialect(database);
}
