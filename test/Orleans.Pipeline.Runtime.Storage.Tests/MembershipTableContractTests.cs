using System.Globalization;
using Orleans.Pipeline.Runtime.Clustering;
using Orleans.Pipeline.Runtime.Membership;

namespace Orleans.Pipeline.Runtime.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IMembershipTable"/> backend promises. A subclass per backend supplies databases and
/// dialects; the tests are the same for all. Each test uses cluster ids of its own, so tests share a database.
/// </summary>
public abstract class MembershipTableContractTests : IAsyncLifetime
{
    private const int ConcurrentWriters = 10;

    private static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    private readonly List<AdoNetClusteringDialect> _dialects = [];
    private AdoNetClusteringDialect? _dialect;

    /// <summary>The dialect most tests use, over <see cref="GetDatabaseAsync"/>.</summary>
    protected AdoNetClusteringDialect Dialect => _dialect ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync() => _dialect = NewDialect(await GetDatabaseAsync());

    public virtual async Task DisposeAsync()
    {
        foreach (var dialect in _dialects)
        {
            await dialect.DisposeAsync();
        }
    }

    /// <summary>The database the test's <see cref="Dialect"/> uses; shared with other tests of the class.</summary>
    protected abstract Task<string> GetDatabaseAsync();

    /// <summary>A fresh, empty database (no tables yet): a SQLite file path or a PostgreSQL connection string.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    /// <summary>A new dialect over <paramref name="database"/>.</summary>
    protected abstract AdoNetClusteringDialect CreateDialect(string database);

    [Fact]
    public async Task ReadAllAsync_NewCluster_ReturnsVersionZeroAndNoRows()
    {
        var table = NewTable();

        await table.InitializeAsync();
        var snapshot = await table.ReadAllAsync();

        Assert.Equal(0, snapshot.Version);
        Assert.Empty(snapshot.Rows);
    }

    [Fact]
    public async Task InitializeAsync_CalledAgainAfterWrites_KeepsVersionAndRows()
    {
        var table = NewTable();
        Assert.True(await table.InsertRowAsync(Entry(Silo(1)), 0));

        await table.InitializeAsync();
        await NewTable(table.ClusterId).InitializeAsync();
        var snapshot = await table.ReadAllAsync();

        Assert.Equal(1, snapshot.Version);
        Assert.Equal(Silo(1), Assert.Single(snapshot.Rows).Entry.Address);
    }

    [Fact]
    public async Task InsertRowAsync_CurrentVersion_StoresEveryFieldAndBumpsVersion()
    {
        var table = NewTable();
        var entry = Entry(Silo(1), SiloStatus.Joining, gatewayPort: 30000, suspicions: [new SuspectVote(Silo(2), Start.AddSeconds(1)), new SuspectVote(Silo(3), Start.AddSeconds(2))]);

        var inserted = await table.InsertRowAsync(entry, 0);

        var snapshot = await table.ReadAllAsync();
        Assert.True(inserted);
        Assert.Equal(1, snapshot.Version);
        var row = Assert.Single(snapshot.Rows);
        AssertEntry(entry, row.Entry);
        Assert.False(string.IsNullOrEmpty(row.Etag));
    }

    [Fact]
    public async Task InsertRowAsync_StaleVersion_ReturnsFalseAndChangesNothing()
    {
        var table = NewTable();
        Assert.True(await table.InsertRowAsync(Entry(Silo(1)), 0));

        var inserted = await table.InsertRowAsync(Entry(Silo(2)), 0);

        var snapshot = await table.ReadAllAsync();
        Assert.False(inserted);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal([Silo(1)], snapshot.Rows.Select(r => r.Entry.Address));
    }

    [Fact]
    public async Task InsertRowAsync_FutureVersion_ReturnsFalseAndChangesNothing()
    {
        var table = NewTable();

        var inserted = await table.InsertRowAsync(Entry(Silo(1)), 5);

        var snapshot = await table.ReadAllAsync();
        Assert.False(inserted);
        Assert.Equal(0, snapshot.Version);
        Assert.Empty(snapshot.Rows);
    }

    [Fact]
    public async Task InsertRowAsync_ExistingAddress_ReturnsFalseAndKeepsRowAndVersion()
    {
        var table = NewTable();
        var first = Entry(Silo(1), SiloStatus.Joining);
        Assert.True(await table.InsertRowAsync(first, 0));

        var inserted = await table.InsertRowAsync(Entry(Silo(1), SiloStatus.Active) with { SiloName = "impostor" }, 1);

        var snapshot = await table.ReadAllAsync();
        Assert.False(inserted);
        Assert.Equal(1, snapshot.Version);
        AssertEntry(first, Assert.Single(snapshot.Rows).Entry);
    }

    [Fact]
    public async Task UpdateRowAsync_CurrentVersionAndEtag_ReplacesRowAndBumpsVersionAndEtag()
    {
        var table = NewTable();
        Assert.True(await table.InsertRowAsync(Entry(Silo(1), SiloStatus.Joining), 0));
        var before = Assert.Single((await table.ReadAllAsync()).Rows);
        var updated = Entry(Silo(1), SiloStatus.Active, gatewayPort: 40000, suspicions: [new SuspectVote(Silo(2), Start.AddSeconds(3))]) with
        {
            SiloName = "renamed",
            IAmAliveTime = Start.AddSeconds(5),
        };

        var written = await table.UpdateRowAsync(updated, before.Etag, 1);

        var snapshot = await table.ReadAllAsync();
        Assert.True(written);
        Assert.Equal(2, snapshot.Version);
        var after = Assert.Single(snapshot.Rows);
        AssertEntry(updated, after.Entry);
        Assert.NotEqual(before.Etag, after.Etag);
    }

    [Fact]
    public async Task UpdateRowAsync_StaleTableVersion_ReturnsFalseAndChangesNothing()
    {
        var table = NewTable();
        Assert.True(await table.InsertRowAsync(Entry(Silo(1), SiloStatus.Joining), 0));
        Assert.True(await table.InsertRowAsync(Entry(Silo(2), SiloStatus.Joining), 1));
        var snapshot = await table.ReadAllAsync();
        var row = snapshot.Rows.Single(r => r.Entry.Address == Silo(1));

        // The row's ETag is current, the table version is not.
        var written = await table.UpdateRowAsync(row.Entry with { Status = SiloStatus.Dead }, row.Etag, 1);

        var after = await table.ReadAllAsync();
        Assert.False(written);
        Assert.Equal(2, after.Version);
        var unchanged = after.Rows.Single(r => r.Entry.Address == Silo(1));
        Assert.Equal(SiloStatus.Joining, unchanged.Entry.Status);
        Assert.Equal(row.Etag, unchanged.Etag);
    }

    [Fact]
    public async Task UpdateRowAsync_StaleRowEtag_ReturnsFalseAndChangesNothing()
    {
        var table = NewTable();
        Assert.True(await table.InsertRowAsync(Entry(Silo(1), SiloStatus.Joining), 0));
        var first = Assert.Single((await table.ReadAllAsync()).Rows);
        Assert.True(await table.UpdateRowAsync(first.Entry with { Status = SiloStatus.Active }, first.Etag, 1));
        var second = Assert.Single((await table.ReadAllAsync()).Rows);

        // The table version is current, the row's ETag is not.
        var written = await table.UpdateRowAsync(first.Entry with { Status = SiloStatus.Dead }, first.Etag, 2);

        var after = await table.ReadAllAsync();
        Assert.False(written);
        Assert.Equal(2, after.Version);
        var row = Assert.Single(after.Rows);
        Assert.Equal(SiloStatus.Active, row.Entry.Status);
        Assert.Equal(second.Etag, row.Etag);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-number")]
    [InlineData("-1")]
    [InlineData("99999999999999999999999")]
    public async Task UpdateRowAsync_MalformedEtag_ReturnsFalseAndChangesNothing(string etag)
    {
        var table = NewTable();
        Assert.True(await table.InsertRowAsync(Entry(Silo(1), SiloStatus.Joining), 0));

        var written = await table.UpdateRowAsync(Entry(Silo(1), SiloStatus.Dead), etag, 1);

        var after = await table.ReadAllAsync();
        Assert.False(written);
        Assert.Equal(1, after.Version);
        Assert.Equal(SiloStatus.Joining, Assert.Single(after.Rows).Entry.Status);
    }

    [Fact]
    public async Task UpdateRowAsync_MissingRow_ReturnsFalseAndKeepsVersion()
    {
        var table = NewTable();
        Assert.True(await table.InsertRowAsync(Entry(Silo(1)), 0));
        var etag = Assert.Single((await table.ReadAllAsync()).Rows).Etag;

        var written = await table.UpdateRowAsync(Entry(Silo(2)), etag, 1);

        var after = await table.ReadAllAsync();
        Assert.False(written);
        Assert.Equal(1, after.Version);
        Assert.Equal([Silo(1)], after.Rows.Select(r => r.Entry.Address));
    }

    [Fact]
    public async Task UpdateRowAsync_ConcurrentUpdatersFromSameVersion_ExactlyOneWins()
    {
        var table = NewTable();
        Assert.True(await table.InsertRowAsync(Entry(Silo(1)), 0));
        var row = Assert.Single((await table.ReadAllAsync()).Rows);
        var database = await GetDatabaseAsync();
        var tables = Enumerable.Range(0, ConcurrentWriters).Select(_ => NewTable(table.ClusterId, NewDialect(database))).ToArray();

        var results = await RaceAsync(ConcurrentWriters, writer =>
            tables[writer].UpdateRowAsync(row.Entry with { SiloName = $"writer {writer}", Suspicions = [new SuspectVote(Silo(100 + writer), Start)] }, row.Etag, 1));

        var winner = Assert.Single(Enumerable.Range(0, ConcurrentWriters), writer => results[writer]);
        var after = await table.ReadAllAsync();
        Assert.Equal(2, after.Version);
        var stored = Assert.Single(after.Rows);
        Assert.Equal($"writer {winner}", stored.Entry.SiloName);
        Assert.Equal([new SuspectVote(Silo(100 + winner), Start)], stored.Entry.Suspicions);
    }

    [Fact]
    public async Task InsertRowAsync_ConcurrentInsertersFromSameVersion_ExactlyOneWins()
    {
        var table = NewTable();
        await table.InitializeAsync();
        var database = await GetDatabaseAsync();
        var tables = Enumerable.Range(0, ConcurrentWriters).Select(_ => NewTable(table.ClusterId, NewDialect(database))).ToArray();

        var results = await RaceAsync(ConcurrentWriters, writer => tables[writer].InsertRowAsync(Entry(Silo(writer + 1)), 0));

        var winner = Assert.Single(Enumerable.Range(0, ConcurrentWriters), writer => results[writer]);
        var after = await table.ReadAllAsync();
        Assert.Equal(1, after.Version);
        Assert.Equal([Silo(winner + 1)], after.Rows.Select(r => r.Entry.Address));
    }

    [Fact]
    public async Task UpdateRowAsync_SequenceOfWritersEachRereading_AllSucceedAndVersionCounts()
    {
        var table = NewTable();
        Assert.True(await table.InsertRowAsync(Entry(Silo(1)), 0));
        var succeeded = 0;

        // A compare-and-swap loop, as the membership protocol runs it: re-read on a lost race and try again.
        await RaceAsync(ConcurrentWriters, async writer =>
        {
            while (true)
            {
                var snapshot = await table.ReadAllAsync();
                var row = Assert.Single(snapshot.Rows);
                var votes = row.Entry.Suspicions.Append(new SuspectVote(Silo(100 + writer), Start)).ToArray();
                if (await table.UpdateRowAsync(row.Entry with { Suspicions = votes }, row.Etag, snapshot.Version))
                {
                    Interlocked.Increment(ref succeeded);
                    return true;
                }
            }
        });

        var after = await table.ReadAllAsync();
        Assert.Equal(ConcurrentWriters, succeeded);
        Assert.Equal(1 + ConcurrentWriters, after.Version);
        Assert.Equal(
            Enumerable.Range(0, ConcurrentWriters).Select(writer => Silo(100 + writer)).Order(),
            Assert.Single(after.Rows).Entry.Suspicions.Select(v => v.Voter).Order());
    }

    [Fact]
    public async Task UpdateIAmAliveAsync_NewerTime_StoresTimeWithoutBumpingVersionOrEtag()
    {
        var table = NewTable();
        Assert.True(await table.InsertRowAsync(Entry(Silo(1)), 0));
        var before = Assert.Single((await table.ReadAllAsync()).Rows);

        await table.UpdateIAmAliveAsync(Silo(1), Start.AddSeconds(7));

        var after = await table.ReadAllAsync();
        Assert.Equal(1, after.Version);
        var row = Assert.Single(after.Rows);
        Assert.Equal(Start.AddSeconds(7), row.Entry.IAmAliveTime);
        Assert.Equal(before.Etag, row.Etag);
        Assert.True(await table.UpdateRowAsync(row.Entry with { Status = SiloStatus.ShuttingDown }, before.Etag, 1));
    }

    [Fact]
    public async Task UpdateIAmAliveAsync_OlderTime_KeepsNewerTime()
    {
        var table = NewTable();
        Assert.True(await table.InsertRowAsync(Entry(Silo(1)), 0));
        await table.UpdateIAmAliveAsync(Silo(1), Start.AddSeconds(10));

        await table.UpdateIAmAliveAsync(Silo(1), Start.AddSeconds(4));

        Assert.Equal(Start.AddSeconds(10), Assert.Single((await table.ReadAllAsync()).Rows).Entry.IAmAliveTime);
    }

    [Fact]
    public async Task UpdateIAmAliveAsync_UnknownSilo_ChangesNothing()
    {
        var table = NewTable();
        Assert.True(await table.InsertRowAsync(Entry(Silo(1)), 0));

        await table.UpdateIAmAliveAsync(Silo(2), Start.AddSeconds(10));

        var after = await table.ReadAllAsync();
        Assert.Equal(1, after.Version);
        Assert.Equal([Silo(1)], after.Rows.Select(r => r.Entry.Address));
        Assert.Equal(Start, after.Rows[0].Entry.IAmAliveTime);
    }

    [Fact]
    public async Task UpdateRowAsync_OlderHeartbeatThanStored_KeepsStoredHeartbeat()
    {
        var table = NewTable();
        Assert.True(await table.InsertRowAsync(Entry(Silo(1)), 0));
        var read = Assert.Single((await table.ReadAllAsync()).Rows);
        await table.UpdateIAmAliveAsync(Silo(1), Start.AddSeconds(9));

        // A voter that read the row before the member's last heartbeat writes its (older) copy back.
        Assert.True(await table.UpdateRowAsync(read.Entry with { Suspicions = [new SuspectVote(Silo(2), Start.AddSeconds(8))] }, read.Etag, 1));

        var row = Assert.Single((await table.ReadAllAsync()).Rows);
        Assert.Equal(Start.AddSeconds(9), row.Entry.IAmAliveTime);
        Assert.Single(row.Entry.Suspicions);
    }

    [Fact]
    public async Task CleanupDefunctEntriesAsync_DeletesOnlyDeadRowsLastAliveBeforeCutoff()
    {
        var table = NewTable();
        Assert.True(await table.InsertRowAsync(Entry(Silo(1), SiloStatus.Dead) with { IAmAliveTime = Start }, 0));
        Assert.True(await table.InsertRowAsync(Entry(Silo(2), SiloStatus.Dead) with { IAmAliveTime = Start.AddHours(2) }, 1));
        Assert.True(await table.InsertRowAsync(Entry(Silo(3), SiloStatus.Active) with { IAmAliveTime = Start }, 2));
        Assert.True(await table.InsertRowAsync(Entry(Silo(4), SiloStatus.ShuttingDown) with { IAmAliveTime = Start }, 3));

        await table.CleanupDefunctEntriesAsync(Start.AddHours(1));

        var after = await table.ReadAllAsync();
        Assert.Equal([Silo(2), Silo(3), Silo(4)], after.Rows.Select(r => r.Entry.Address));
        Assert.True(await table.InsertRowAsync(Entry(Silo(5)), after.Version));
    }

    [Fact]
    public async Task ReadAllAsync_TwoClusterIds_AreIsolated()
    {
        var red = NewTable();
        var blue = NewTable();
        Assert.True(await red.InsertRowAsync(Entry(Silo(1), SiloStatus.Dead), 0));
        Assert.True(await red.InsertRowAsync(Entry(Silo(2)), 1));

        // The same address and versions in the other cluster are a different row with their own version.
        Assert.True(await blue.InsertRowAsync(Entry(Silo(1), SiloStatus.Joining), 0));
        var blueRow = Assert.Single((await blue.ReadAllAsync()).Rows);
        Assert.True(await blue.UpdateRowAsync(blueRow.Entry with { Status = SiloStatus.Active }, blueRow.Etag, 1));
        await blue.UpdateIAmAliveAsync(Silo(1), Start.AddSeconds(30));
        await blue.CleanupDefunctEntriesAsync(Start.AddDays(1));

        var redSnapshot = await red.ReadAllAsync();
        var blueSnapshot = await blue.ReadAllAsync();
        Assert.Equal(2, redSnapshot.Version);
        Assert.Equal([(Silo(1), SiloStatus.Dead, Start), (Silo(2), SiloStatus.Active, Start)], redSnapshot.Rows.Select(r => (r.Entry.Address, r.Entry.Status, r.Entry.IAmAliveTime)));
        Assert.Equal(2, blueSnapshot.Version);
        Assert.Equal([(Silo(1), SiloStatus.Active, Start.AddSeconds(30))], blueSnapshot.Rows.Select(r => (r.Entry.Address, r.Entry.Status, r.Entry.IAmAliveTime)));
    }

    [Fact]
    public async Task ReadAllAsync_ManyMembers_ReturnsThemInAddressOrder()
    {
        var table = NewTable();
        var addresses = new[] { Silo(3), new SiloAddress("10.0.0.2", 11111, 5), Silo(1), new SiloAddress("::1", 11111, 1), Silo(2, generation: 7) };
        for (var i = 0; i < addresses.Length; i++)
        {
            Assert.True(await table.InsertRowAsync(Entry(addresses[i]), i));
        }

        var snapshot = await table.ReadAllAsync();

        Assert.Equal(addresses.Order(), snapshot.Rows.Select(r => r.Entry.Address));
        Assert.Equal(addresses.Length, snapshot.Version);
    }

    [Fact]
    public async Task InsertRowAsync_TimesWithSubMillisecondPrecision_AreStoredToTheMillisecond()
    {
        var table = NewTable();
        var precise = Start.AddTicks(12_345);
        var entry = Entry(Silo(1)) with { StartTime = precise, IAmAliveTime = precise.ToOffset(TimeSpan.FromHours(2)) };

        Assert.True(await table.InsertRowAsync(entry, 0));

        var stored = Assert.Single((await table.ReadAllAsync()).Rows).Entry;
        Assert.Equal(Start.AddMilliseconds(1), stored.StartTime);
        Assert.Equal(Start.AddMilliseconds(1), stored.IAmAliveTime);
        Assert.Equal(TimeSpan.Zero, stored.StartTime.Offset);
    }

    [Fact]
    public async Task InsertRowAsync_InvalidHost_ThrowsArgumentExceptionAndStoresNothing()
    {
        var table = NewTable();

        await Assert.ThrowsAsync<ArgumentException>(() => table.InsertRowAsync(Entry(new SiloAddress("bad|host", 1, 1)), 0));
        await Assert.ThrowsAsync<ArgumentException>(() => table.InsertRowAsync(Entry(Silo(1), suspicions: [new SuspectVote(new SiloAddress("a;b", 1, 1), Start)]), 0));

        var snapshot = await table.ReadAllAsync();
        Assert.Equal(0, snapshot.Version);
        Assert.Empty(snapshot.Rows);
    }

    [Fact]
    public async Task InitializeAsync_TablesInitializingFreshDatabaseConcurrently_AllSucceed()
    {
        var database = await CreateDatabaseAsync();
        var clusterId = NewClusterId();
        var tables = Enumerable.Range(0, 8).Select(_ => NewTable(clusterId, NewDialect(database))).ToArray();

        await RaceAsync(tables.Length, async i =>
        {
            await tables[i].InitializeAsync();
            return true;
        });
        var inserted = await RaceAsync(tables.Length, i => tables[i].InsertRowAsync(Entry(Silo(i + 1)), 0));

        var snapshot = await tables[0].ReadAllAsync();
        Assert.Single(inserted, won => won);
        Assert.Equal(1, snapshot.Version);
        Assert.Single(snapshot.Rows);
    }

    [Fact]
    public async Task ReadAllAsync_WithoutInitialize_CreatesTablesAndVersionRow()
    {
        var table = NewTable(NewClusterId(), NewDialect(await CreateDatabaseAsync()));

        var snapshot = await table.ReadAllAsync();

        Assert.Equal(0, snapshot.Version);
        Assert.True(await table.InsertRowAsync(Entry(Silo(1)), 0));
    }

    [Fact]
    public async Task ReadAllAsync_NewTableOverSameDatabase_SeesRowsWrittenBeforeDispose()
    {
        var database = await CreateDatabaseAsync();
        var clusterId = NewClusterId();
        await using (var first = CreateDialect(database))
        {
            Assert.True(await new AdoNetMembershipTable(first, clusterId).InsertRowAsync(Entry(Silo(1)), 0));
        }

        var snapshot = await NewTable(clusterId, NewDialect(database)).ReadAllAsync();

        Assert.Equal(1, snapshot.Version);
        Assert.Equal(Silo(1), Assert.Single(snapshot.Rows).Entry.Address);
    }

    [Fact]
    public async Task ReadAllAsync_AfterDialectDisposed_ThrowsObjectDisposedException()
    {
        var dialect = CreateDialect(await GetDatabaseAsync());
        var table = new AdoNetMembershipTable(dialect, NewClusterId());
        await dialect.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => table.ReadAllAsync());
    }

    /// <summary>A dialect disposed with the test.</summary>
    protected AdoNetClusteringDialect NewDialect(string database)
    {
        var dialect = CreateDialect(database);
        _dialects.Add(dialect);
        return dialect;
    }

    private AdoNetMembershipTable NewTable(string? clusterId = null, AdoNetClusteringDialect? dialect = null) =>
        new(dialect ?? Dialect, clusterId ?? NewClusterId());

    private static string NewClusterId() => $"cluster-{Guid.NewGuid():N}";

    private static SiloAddress Silo(int index, long generation = 1) => new("127.0.0.1", 11110 + index, generation);

    private static MembershipEntry Entry(SiloAddress address, SiloStatus status = SiloStatus.Active, int gatewayPort = 0, IReadOnlyList<SuspectVote>? suspicions = null) =>
        new(address, $"silo-{address.Port.ToString(CultureInfo.InvariantCulture)}", status, gatewayPort, Start, Start, suspicions ?? []);

    private static void AssertEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.Address, actual.Address);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.GatewayPort, actual.GatewayPort);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
        Assert.Equal(expected.Suspicions, actual.Suspicions);
    }

    // Starts all operations together (released by one gate) on the thread pool and returns each one's result.
    private static async Task<bool[]> RaceAsync(int count, Func<int, Task<bool>> operation)
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
