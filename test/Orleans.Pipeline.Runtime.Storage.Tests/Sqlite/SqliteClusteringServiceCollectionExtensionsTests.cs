using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime.Clustering;
using Orleans.Pipeline.Runtime.GrainDirectory;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Storage.Sqlite;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Storage.Tests.Sqlite;

public sealed class SqliteClusteringServiceCollectionExtensionsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new("sqlite-clustering-di");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AddSqliteClustering_Path_ResolvesTableAndDirectorySingletonsOfThatCluster()
    {
        await using var services = new ServiceCollection().AddSqliteClustering(_directory.GetPath("cluster.db"), "blue").BuildServiceProvider();

        var table = services.GetRequiredService<IMembershipTable>();
        var directory = services.GetRequiredService<IGrainDirectory>();
        await table.InitializeAsync();
        await directory.RegisterAsync(new GrainId("t", "k"), new SiloAddress("127.0.0.1", 1, 1));

        Assert.Equal("blue", Assert.IsType<AdoNetMembershipTable>(table).ClusterId);
        Assert.Equal("blue", Assert.IsType<AdoNetGrainDirectory>(directory).ClusterId);
        Assert.Same(table, services.GetRequiredService<IMembershipTable>());
        Assert.Same(directory, services.GetRequiredService<IGrainDirectory>());
        Assert.Same(((AdoNetMembershipTable)table).Dialect, ((AdoNetGrainDirectory)directory).Dialect);
        Assert.Equal(0, (await table.ReadAllAsync()).Version);
        Assert.True(File.Exists(_directory.GetPath("cluster.db")));
    }

    [Fact]
    public async Task AddSqliteClustering_ContainerTimeProvider_StampsRegistrationsWithItsTime()
    {
        var path = _directory.GetPath("clock.db");
        var now = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
        await using (var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(new ManualTimeProvider(now))
            .AddSqliteClustering(path, "c")
            .BuildServiceProvider())
        {
            await services.GetRequiredService<IGrainDirectory>().RegisterAsync(new GrainId("t", "k"), new SiloAddress("127.0.0.1", 1, 1));
        }

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT registered_at FROM grain_directory";
        Assert.Equal(now.ToUnixTimeMilliseconds(), (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task AddSqliteClustering_DisposingContainer_DisposesDialect()
    {
        IMembershipTable table;
        await using (var services = new ServiceCollection().AddSqliteClustering(_directory.GetPath("disposed.db"), "c").BuildServiceProvider())
        {
            table = services.GetRequiredService<IMembershipTable>();
            await table.InitializeAsync();
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => new AdoNetMembershipTable(((AdoNetMembershipTable)table).Dialect, "other").ReadAllAsync());
    }

    [Theory]
    [InlineData(" ", "c")]
    [InlineData("cluster.db", "")]
    public void AddSqliteClustering_MissingArgument_ThrowsArgumentException(string path, string clusterId)
    {
        Assert.ThrowsAny<ArgumentException>(() => new ServiceCollection().AddSqliteClustering(path, clusterId));
    }
}
