using Orleans.Pipeline.Runtime.Clustering;
using Orleans.Pipeline.Runtime.Storage.Sqlite;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Storage.Tests.Sqlite;

/// <summary>The membership table contract on SQLite: each test gets its own directory of database files.</summary>
public sealed class SqliteMembershipTableTests : MembershipTableContractTests
{
    private readonly TemporaryDirectory _directory = new("sqlite-membership");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    protected override Task<string> GetDatabaseAsync() => Task.FromResult(_directory.GetPath("cluster.db"));

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(_directory.GetPath($"{Guid.NewGuid():N}.db"));

    protected override AdoNetClusteringDialect CreateDialect(string database) => new SqliteClusteringDialect(database);
}
