using Orleans.Pipeline.Runtime.Clustering;
using Orleans.Pipeline.Runtime.GrainDirectory;
using Orleans.Pipeline.Runtime.Membership;

namespace Orleans.Pipeline.Runtime.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IGrainDirectory"/> backend promises. A subclass per backend supplies databases and
/// dialects; the tests are the same for all. Each test uses cluster ids of its own, so tests share a database.
/// </summary>
public abstract class GrainDirectoryContractTests : IAsyncLifetime
{
    private const int ConcurrentSilos = 20;

    private readonly List<AdoNetClusteringDialect> _dialects = [];
    private AdoNetClusteringDialect? _dialect;
    private AdoNetGrainDirectory? _directory;

    /// <summary>The directory most tests use: a cluster id of its own over <see cref="GetDatabaseAsync"/>.</summary>
    protected AdoNetGrainDirectory Directory => _directory ?? throw new InvalidOperationException("Not initialized.");

    public static TheoryData<string, string> TrickyKeys => new()
    {
        { "Grain", "" },
        { "Grain", " " },
        { "Grain", "O'Brien \"quoted\" `ticked`" },
        { "Grain", "'; DROP TABLE grain_directory; --" },
        { "Grain", "100%_like_\\escape" },
        { "Grain", "tab\there\r\nnewline" },
        { "Grain", "ünïcødé ключ 鍵 🔑" },
        { "Grain", "a/b/c:d@e|f;g" },
        { "Grain", new string('k', 1000) },
        { "Namespace.Generic`1[[System.String]]", "key" },
    };

    public async Task InitializeAsync()
    {
        _dialect = NewDialect(await GetDatabaseAsync());
        _directory = NewDirectory();
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var dialect in _dialects)
        {
            await dialect.DisposeAsync();
        }
    }

    /// <summary>The database the test's <see cref="Directory"/> uses; shared with other tests of the class.</summary>
    protected abstract Task<string> GetDatabaseAsync();

    /// <summary>A fresh, empty database (no tables yet): a SQLite file path or a PostgreSQL connection string.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    /// <summary>A new dialect over <paramref name="database"/>.</summary>
    protected abstract AdoNetClusteringDialect CreateDialect(string database);

    [Fact]
    public async Task RegisterAsync_NewGrain_ReturnsCallerAndLookupFindsIt()
    {
        var grain = Grain("a");

        var owner = await Directory.RegisterAsync(grain, Silo(1));

        Assert.Equal(Silo(1), owner);
        Assert.Equal(Silo(1), await Directory.LookupAsync(grain));
    }

    [Fact]
    public async Task RegisterAsync_AlreadyRegisteredElsewhere_ReturnsExistingOwnerAndKeepsIt()
    {
        var grain = Grain("a");
        await Directory.RegisterAsync(grain, Silo(1));

        var owner = await Directory.RegisterAsync(grain, Silo(2));

        Assert.Equal(Silo(1), owner);
        Assert.Equal(Silo(1), await Directory.LookupAsync(grain));
    }

    [Fact]
    public async Task RegisterAsync_SameSiloAgain_ReturnsIt()
    {
        var grain = Grain("a");
        await Directory.RegisterAsync(grain, Silo(1));

        Assert.Equal(Silo(1), await Directory.RegisterAsync(grain, Silo(1)));
    }

    [Fact]
    public async Task RegisterAsync_ConcurrentSilosForSameGrain_AllSeeTheSameWinner()
    {
        var grain = Grain("contended");
        var database = await GetDatabaseAsync();
        var directories = Enumerable.Range(0, ConcurrentSilos).Select(_ => NewDirectory(Directory.ClusterId, NewDialect(database))).ToArray();

        var owners = await RaceAsync(ConcurrentSilos, silo => directories[silo].RegisterAsync(grain, Silo(silo + 1)));

        var winner = Assert.Single(owners.Distinct());
        Assert.Contains(winner, Enumerable.Range(1, ConcurrentSilos).Select(i => Silo(i)));
        Assert.Equal(winner, await Directory.LookupAsync(grain));
    }

    [Fact]
    public async Task RegisterAsync_ConcurrentSilosForDifferentGrains_EachWinsItsOwn()
    {
        var grains = Enumerable.Range(0, ConcurrentSilos).Select(i => Grain($"g{i}")).ToArray();

        var owners = await RaceAsync(ConcurrentSilos, silo => Directory.RegisterAsync(grains[silo], Silo(silo + 1)));

        Assert.Equal(Enumerable.Range(1, ConcurrentSilos).Select(i => Silo(i)), owners);
    }

    [Fact]
    public async Task LookupAsync_UnknownGrain_ReturnsNull()
    {
        Assert.Null(await Directory.LookupAsync(Grain("nobody")));
    }

    [Fact]
    public async Task UnregisterAsync_ByOwner_RemovesEntry()
    {
        var grain = Grain("a");
        await Directory.RegisterAsync(grain, Silo(1));

        await Directory.UnregisterAsync(grain, Silo(1));

        Assert.Null(await Directory.LookupAsync(grain));
        Assert.Equal(Silo(2), await Directory.RegisterAsync(grain, Silo(2)));
    }

    [Fact]
    public async Task UnregisterAsync_ByOtherSilo_KeepsEntry()
    {
        var grain = Grain("a");
        await Directory.RegisterAsync(grain, Silo(1));

        await Directory.UnregisterAsync(grain, Silo(2));

        Assert.Equal(Silo(1), await Directory.LookupAsync(grain));
    }

    [Fact]
    public async Task UnregisterAsync_ByOtherGenerationOfOwnerEndpoint_KeepsEntry()
    {
        var grain = Grain("a");
        await Directory.RegisterAsync(grain, Silo(1, generation: 2));

        await Directory.UnregisterAsync(grain, Silo(1, generation: 1));

        Assert.Equal(Silo(1, generation: 2), await Directory.LookupAsync(grain));
    }

    [Fact]
    public async Task UnregisterAsync_UnknownGrain_DoesNothing()
    {
        var other = Grain("other");
        await Directory.RegisterAsync(other, Silo(1));

        await Directory.UnregisterAsync(Grain("unknown"), Silo(1));

        Assert.Equal(Silo(1), await Directory.LookupAsync(other));
    }

    [Fact]
    public async Task UnregisterSiloAsync_RemovesOnlyThatGenerationsEntriesAndReturnsCount()
    {
        var dead = Silo(1, generation: 1);
        var restarted = Silo(1, generation: 2);
        var other = Silo(2);
        var deadGrains = Enumerable.Range(0, 5).Select(i => Grain($"dead{i}")).ToArray();
        foreach (var grain in deadGrains)
        {
            await Directory.RegisterAsync(grain, dead);
        }

        await Directory.RegisterAsync(Grain("restarted"), restarted);
        await Directory.RegisterAsync(Grain("other"), other);

        var removed = await Directory.UnregisterSiloAsync(dead);

        Assert.Equal(deadGrains.Length, removed);
        foreach (var grain in deadGrains)
        {
            Assert.Null(await Directory.LookupAsync(grain));
        }

        Assert.Equal(restarted, await Directory.LookupAsync(Grain("restarted")));
        Assert.Equal(other, await Directory.LookupAsync(Grain("other")));
        Assert.Equal(0, await Directory.UnregisterSiloAsync(dead));
    }

    [Fact]
    public async Task UnregisterSiloAsync_SeveralSilosCleaningUpConcurrently_RemoveEachEntryOnce()
    {
        var dead = Silo(1);
        for (var i = 0; i < 50; i++)
        {
            await Directory.RegisterAsync(Grain($"g{i}"), dead);
        }

        var counts = await RaceAsync(8, _ => Directory.UnregisterSiloAsync(dead));

        Assert.Equal(50, counts.Sum());
        Assert.Null(await Directory.LookupAsync(Grain("g0")));
    }

    [Theory]
    [MemberData(nameof(TrickyKeys))]
    public async Task RegisterAsync_TrickyKey_RoundTripsAndStaysDistinct(string type, string key)
    {
        var grain = new GrainId(type, key);
        var neighbour = new GrainId(type, key + "x");

        var owner = await Directory.RegisterAsync(grain, Silo(1));
        await Directory.RegisterAsync(neighbour, Silo(2));

        Assert.Equal(Silo(1), owner);
        Assert.Equal(Silo(1), await Directory.LookupAsync(grain));
        Assert.Equal(Silo(2), await Directory.LookupAsync(neighbour));
        await Directory.UnregisterAsync(grain, Silo(1));
        Assert.Null(await Directory.LookupAsync(grain));
        Assert.Equal(Silo(2), await Directory.LookupAsync(neighbour));
    }

    [Fact]
    public async Task RegisterAsync_IdsDifferingOnlyInTypeOrCase_AreDistinctEntries()
    {
        var ids = new[] { new GrainId("A", "key"), new GrainId("B", "key"), new GrainId("A", "Key"), new GrainId("a", "key"), new GrainId("A", "key ") };

        var owners = new List<SiloAddress>();
        for (var i = 0; i < ids.Length; i++)
        {
            owners.Add(await Directory.RegisterAsync(ids[i], Silo(i + 1)));
        }

        Assert.Equal(Enumerable.Range(1, ids.Length).Select(i => Silo(i)), owners);
    }

    [Fact]
    public async Task RegisterAsync_TwoClusterIds_AreIsolated()
    {
        var other = NewDirectory();
        var grain = new GrainId("Grain", "shared-key");
        await Directory.RegisterAsync(grain, Silo(1));

        var otherOwner = await other.RegisterAsync(grain, Silo(2));
        var removed = await other.UnregisterSiloAsync(Silo(1));

        Assert.Equal(Silo(2), otherOwner);
        Assert.Equal(0, removed);
        Assert.Equal(Silo(1), await Directory.LookupAsync(grain));
        Assert.Equal(Silo(2), await other.LookupAsync(grain));
    }

    [Fact]
    public async Task RegisterAsync_IPv6Silo_RoundTrips()
    {
        var silo = new SiloAddress("fe80::1", 11111, 638_000_000_000_000_000);

        await Directory.RegisterAsync(Grain("v6"), silo);

        Assert.Equal(silo, await Directory.LookupAsync(Grain("v6")));
    }

    [Fact]
    public async Task RegisterAsync_FreshDatabaseFromSeveralDirectoriesAtOnce_CreatesTablesOnce()
    {
        var database = await CreateDatabaseAsync();
        var clusterId = NewClusterId();
        var directories = Enumerable.Range(0, 8).Select(_ => NewDirectory(clusterId, NewDialect(database))).ToArray();

        var owners = await RaceAsync(directories.Length, i => directories[i].RegisterAsync(Grain($"g{i}"), Silo(i + 1)));

        Assert.Equal(Enumerable.Range(1, directories.Length).Select(i => Silo(i)), owners);
    }

    [Fact]
    public async Task RegisterAsync_DefaultGrainId_ThrowsArgumentException()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Directory.RegisterAsync(default, Silo(1)));

        Assert.Equal("grainId", error.ParamName);
    }

    /// <summary>A dialect disposed with the test.</summary>
    protected AdoNetClusteringDialect NewDialect(string database)
    {
        var dialect = CreateDialect(database);
        _dialects.Add(dialect);
        return dialect;
    }

    private AdoNetGrainDirectory NewDirectory(string? clusterId = null, AdoNetClusteringDialect? dialect = null) =>
        new(dialect ?? _dialect ?? throw new InvalidOperationException("Not initialized."), clusterId ?? NewClusterId());

    private static string NewClusterId() => $"cluster-{Guid.NewGuid():N}";

    private static GrainId Grain(string key) => new("DirectoryTestGrain", key);

    private static SiloAddress Silo(int index, long generation = 1) => new("127.0.0.1", 11110 + index, generation);

    // Starts all operations together (released by one gate) on the thread pool and returns each one's result.
    private static async Task<T[]> RaceAsync<T>(int count, Func<int, Task<T>> operation)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await operation(i);
        })).ToArray();
        gate.SetResult();
        return await Task.WhenAll(racers);
    }
}
