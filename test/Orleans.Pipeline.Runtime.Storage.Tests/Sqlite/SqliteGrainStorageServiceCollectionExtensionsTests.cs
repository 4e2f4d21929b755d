using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Storage.Sqlite;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Storage.Tests.Sqlite;

public sealed class SqliteGrainStorageServiceCollectionExtensionsTests : IDisposable
{
    private static readonly GrainStateKey Key = new("t", "k", "s");
    private readonly TemporaryDirectory _directory = new("sqlite-di");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AddSqliteGrainStorage_Path_ResolvesOneSingletonThatStores()
    {
        await using var services = new ServiceCollection().AddSqliteGrainStorage(_directory.GetPath("state.db")).BuildServiceProvider();

        var storage = services.GetRequiredService<IGrainStorage>();
        await storage.WriteAsync(Key, new byte[] { 1 }, null);

        Assert.IsType<SqliteGrainStorage>(storage);
        Assert.Same(storage, services.GetRequiredService<IGrainStorage>());
        Assert.Equal(new byte[] { 1 }, (await services.GetRequiredService<IGrainStorage>().ReadAsync(Key))?.Data);
    }

    [Fact]
    public async Task AddKeyedSqliteGrainStorage_Name_ResolvesSeparateStorageUnderThatName()
    {
        await using var services = new ServiceCollection()
            .AddSqliteGrainStorage(_directory.GetPath("default.db"))
            .AddKeyedSqliteGrainStorage("archive", $"Data Source={_directory.GetPath("archive.db")}")
            .BuildServiceProvider();
        var archive = services.GetRequiredKeyedService<IGrainStorage>("archive");

        await archive.WriteAsync(Key, new byte[] { 2 }, null);

        Assert.NotSame(services.GetRequiredService<IGrainStorage>(), archive);
        Assert.Same(archive, services.GetRequiredKeyedService<IGrainStorage>("archive"));
        Assert.Equal(new byte[] { 2 }, (await archive.ReadAsync(Key))?.Data);
        Assert.Null(await services.GetRequiredService<IGrainStorage>().ReadAsync(Key));
        Assert.True(File.Exists(_directory.GetPath("archive.db")));
    }

    [Fact]
    public async Task AddKeyedSqliteGrainStorage_OnlyNamed_LeavesNoDefaultStorage()
    {
        await using var services = new ServiceCollection().AddKeyedSqliteGrainStorage("archive", _directory.GetPath("archive.db")).BuildServiceProvider();

        Assert.Null(services.GetService<IGrainStorage>());
        Assert.NotNull(services.GetKeyedService<IGrainStorage>("archive"));
    }

    [Fact]
    public async Task AddSqliteGrainStorage_ContainerTimeProvider_StartsVersionsAtItsTime()
    {
        var now = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        await using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(new ManualTimeProvider(now))
            .AddSqliteGrainStorage(_directory.GetPath("clock.db"))
            .BuildServiceProvider();

        var etag = await services.GetRequiredService<IGrainStorage>().WriteAsync(Key, new byte[] { 1 }, null);

        Assert.Equal(now.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), etag);
    }

    [Fact]
    public void AddSqliteGrainStorage_EmptyPath_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddSqliteGrainStorage(" "));
    }
}
