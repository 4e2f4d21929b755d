using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Storage.Postgres;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Storage.Tests.Postgres;

public sealed class PostgresGrainStorageServiceCollectionExtensionsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task AddPostgresGrainStorage_ConnectionString_ResolvesOneSingletonThatStores()
    {
        var key = NewKey();
        await using var services = new ServiceCollection().AddPostgresGrainStorage(database.ConnectionString).BuildServiceProvider();

        var storage = services.GetRequiredService<IGrainStorage>();
        await storage.WriteAsync(key, new byte[] { 1 }, null);

        Assert.IsType<PostgresGrainStorage>(storage);
        Assert.Same(storage, services.GetRequiredService<IGrainStorage>());
        Assert.Equal(new byte[] { 1 }, (await storage.ReadAsync(key))?.Data);
    }

    [Fact]
    public async Task AddKeyedPostgresGrainStorage_Name_ResolvesSeparateStorageUnderThatName()
    {
        var key = NewKey();
        await using var services = new ServiceCollection()
            .AddPostgresGrainStorage(database.ConnectionString)
            .AddKeyedPostgresGrainStorage("archive", database.ConnectionString, options => options.TableName = "archive_state")
            .BuildServiceProvider();
        var archive = services.GetRequiredKeyedService<IGrainStorage>("archive");

        await archive.WriteAsync(key, new byte[] { 2 }, null);

        Assert.NotSame(services.GetRequiredService<IGrainStorage>(), archive);
        Assert.Equal(new byte[] { 2 }, (await archive.ReadAsync(key))?.Data);
        Assert.Null(await services.GetRequiredService<IGrainStorage>().ReadAsync(key));
    }

    private static GrainStateKey NewKey() => new("t", $"{Guid.NewGuid():N}", "s");
}
