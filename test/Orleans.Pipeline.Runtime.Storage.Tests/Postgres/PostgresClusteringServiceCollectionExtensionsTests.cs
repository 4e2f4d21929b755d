using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime.Clustering;
using Orleans.Pipeline.Runtime.GrainDirectory;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Storage.Postgres;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Storage.Tests.Postgres;

public sealed class PostgresClusteringServiceCollectionExtensionsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task AddPostgresClustering_ConnectionString_ResolvesTableAndDirectorySingletonsOfThatCluster()
    {
        var clusterId = $"c-{Guid.NewGuid():N}";
        await using var services = new ServiceCollection().AddPostgresClustering(database.ConnectionString, clusterId).BuildServiceProvider();

        var table = services.GetRequiredService<IMembershipTable>();
        var directory = services.GetRequiredService<IGrainDirectory>();
        var silo = new SiloAddress("127.0.0.1", 1, 1);
        await directory.RegisterAsync(new GrainId("t", "k"), silo);

        Assert.Equal(clusterId, Assert.IsType<AdoNetMembershipTable>(table).ClusterId);
        Assert.Equal(clusterId, Assert.IsType<AdoNetGrainDirectory>(directory).ClusterId);
        Assert.Same(table, services.GetRequiredService<IMembershipTable>());
        Assert.Same(((AdoNetMembershipTable)table).Dialect, ((AdoNetGrainDirectory)directory).Dialect);
        Assert.Equal(0, (await table.ReadAllAsync()).Version);
        Assert.Equal(silo, await directory.LookupAsync(new GrainId("t", "k")));
    }

    [Fact]
    public void AddPostgresClustering_EmptyClusterId_ThrowsArgumentException()
    {
        Assert.ThrowsAny<ArgumentException>(() => new ServiceCollection().AddPostgresClustering(database.ConnectionString, ""));
    }
}
