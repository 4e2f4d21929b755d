using Orleans.Pipeline.Runtime.Streams;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Storage.Tests;

/// <summary>
/// The behaviour every durable stream queue backend promises: claims with fencing epochs, group-committed appends in
/// position order, deletes, release and the list recovery reads. A subclass per backend supplies the database; each
/// test uses queue ids of its own, so tests share a database.
/// </summary>
public abstract class StreamQueueContractTests : IAsyncLifetime
{
    private readonly List<AdoNetStreamQueueDialect> _dialects = [];
    private readonly List<AdoNetStreamQueue> _queues = [];
    private readonly string _prefix = $"p{Guid.NewGuid():N}/ns/";
    private AdoNetStreamQueue? _queue;

    /// <summary>The queue most tests use, over <see cref="GetDatabaseAsync"/>.</summary>
    protected AdoNetStreamQueue Queue => _queue ?? throw new InvalidOperationException("Not initialized.");

    public static TheoryData<string> TrickyKeys => new()
    {
        "",
        " ",
        "O'Brien \"quoted\"",
        "'; DROP TABLE stream_queue; --",
        "100%_like_\\escape",
        "a/b/c:d@e|f;g",
        "ünïcødé ключ 鍵 🔑",
        new string('k', 1000),
    };

    public async Task InitializeAsync() => _queue = NewQueue(await GetDatabaseAsync());

    public virtual async Task DisposeAsync()
    {
        foreach (var queue in _queues)
        {
            await queue.DisposeAsync();
        }

        foreach (var dialect in _dialects)
        {
            await dialect.DisposeAsync();
        }
    }

    /// <summary>The database the test's <see cref="Queue"/> uses; shared with other tests of the class.</summary>
    protected abstract Task<string> GetDatabaseAsync();

    /// <summary>A fresh, empty database (no tables yet).</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    protected abstract AdoNetStreamQueueDialect CreateDialect(string database);

    [Fact]
    public async Task ClaimAsync_NewQueue_ReturnsAnEpochAndNoRows()
    {
        var claim = await Queue.ClaimAsync(Id("a"), "silo-1");

        Assert.True(claim.Epoch > 0);
        Assert.Empty(claim.Rows);
    }

    [Theory]
    [MemberData(nameof(TrickyKeys))]
    public async Task AppendAsync_ThenClaim_ReturnsEveryFieldInPositionOrder(string key)
    {
        var queue = Id(key);
        var epoch = (await Queue.ClaimAsync(queue, "silo-1")).Epoch;
        var big = new byte[300_000];
        Random.Shared.NextBytes(big);
        StreamQueueRow[] rows =
        [
            new(1, "producer-a", 1, 3, StreamEntryKind.Items, [1, 2, 3]),
            new(2, "producer-b", 7, 1, StreamEntryKind.Error, [9]),
            new(5, "producer-a", 4, 2, StreamEntryKind.Items, big),
        ];

        await Queue.AppendAsync(queue, epoch, [rows[2]]);
        await Queue.AppendAsync(queue, epoch, rows[..2]);
        var claim = await Queue.ClaimAsync(queue, "silo-2");

        Assert.Equal(3, claim.Rows.Count);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(rows[i].Position, claim.Rows[i].Position);
            Assert.Equal(rows[i].ProducerId, claim.Rows[i].ProducerId);
            Assert.Equal(rows[i].FirstSequence, claim.Rows[i].FirstSequence);
            Assert.Equal(rows[i].ItemCount, claim.Rows[i].ItemCount);
            Assert.Equal(rows[i].Kind, claim.Rows[i].Kind);
            Assert.Equal(rows[i].Payload, claim.Rows[i].Payload);
        }
    }

    [Fact]
    public async Task ClaimAsync_Again_FencesAppendsUnderTheOldEpochAndStoresNothing()
    {
        var queue = Id("fenced");
        var first = await Queue.ClaimAsync(queue, "silo-1");
        await Queue.AppendAsync(queue, first.Epoch, [Row(1)]);

        var second = await Queue.ClaimAsync(queue, "silo-2");
        var error = await Assert.ThrowsAsync<StreamQueueFencedException>(() => Queue.AppendAsync(queue, first.Epoch, [Row(2), Row(3)]));

        Assert.True(second.Epoch > first.Epoch);
        Assert.Contains(queue, error.Message);
        Assert.Equal([1L], (await Queue.ReadAsync(queue)).Select(r => r.Position));
        await Queue.AppendAsync(queue, second.Epoch, [Row(2)]);
        Assert.Equal([1L, 2L], (await Queue.ReadAsync(queue)).Select(r => r.Position));
    }

    [Fact]
    public async Task ClaimAsync_ClockGoesBackOrOwnerRowWasDeleted_EpochsNeverRepeat()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var queue = NewQueue(await GetDatabaseAsync(), clock);
        var id = Id("epochs");
        var epochs = new List<long>();

        epochs.Add((await queue.ClaimAsync(id, "silo-1")).Epoch);
        clock.Advance(TimeSpan.FromDays(-30));
        epochs.Add((await queue.ClaimAsync(id, "silo-2")).Epoch);
        epochs.Add((await queue.ClaimAsync(id, "silo-3")).Epoch);
        await queue.ReleaseAsync(id, epochs[^1]);
        clock.Advance(TimeSpan.FromDays(60));
        epochs.Add((await queue.ClaimAsync(id, "silo-4")).Epoch);

        Assert.Equal(epochs.Distinct().Count(), epochs.Count);
        Assert.Equal(epochs.Take(3).Order(), epochs.Take(3));
        Assert.True(epochs[3] > epochs[2]);
    }

    [Fact]
    public async Task DeleteThroughAsync_RemovesUpToThePositionInThatQueueOnly()
    {
        var (a, b) = (Id("delete-a"), Id("delete-b"));
        var epochA = (await Queue.ClaimAsync(a, "silo-1")).Epoch;
        var epochB = (await Queue.ClaimAsync(b, "silo-1")).Epoch;
        await Queue.AppendAsync(a, epochA, [Row(1), Row(2), Row(3), Row(4)]);
        await Queue.AppendAsync(b, epochB, [Row(1), Row(2)]);

        await Task.WhenAll(Queue.DeleteThroughAsync(a, 2), Queue.DeleteThroughAsync(a, 1));

        Assert.Equal([3L, 4L], (await Queue.ReadAsync(a)).Select(r => r.Position));
        Assert.Equal([1L, 2L], (await Queue.ReadAsync(b)).Select(r => r.Position));
    }

    [Fact]
    public async Task AppendAsync_ManyConcurrentAppends_ShareTransactionsAndAllAreStored()
    {
        const int Queues = 8;
        const int AppendsEach = 50;
        var ids = Enumerable.Range(0, Queues).Select(i => Id($"group-{i}")).ToArray();
        var epochs = await Task.WhenAll(ids.Select(id => Queue.ClaimAsync(id, "silo-1")));
        var before = Queue.Commits;

        var appends = new List<Task>();
        for (var n = 1; n <= AppendsEach; n++)
        {
            for (var q = 0; q < Queues; q++)
            {
                appends.Add(Queue.AppendAsync(ids[q], epochs[q].Epoch, [Row(n)]));
            }
        }

        await Task.WhenAll(appends);

        var transactions = Queue.Commits - before;
        Assert.InRange(transactions, 1, Queues * AppendsEach / 4);
        foreach (var id in ids)
        {
            Assert.Equal(Enumerable.Range(1, AppendsEach).Select(n => (long)n), (await Queue.ReadAsync(id)).Select(r => r.Position));
        }
    }

    [Fact]
    public async Task AppendAsync_MoreRowsThanOneStatementTakes_StoresThemAll()
    {
        var id = Id("large");
        var epoch = (await Queue.ClaimAsync(id, "silo-1")).Epoch;
        var count = Queue.Dialect.MaxRowsPerInsert * 2 + 7;

        await Queue.AppendAsync(id, epoch, Enumerable.Range(1, count).Select(n => Row(n)).ToArray());

        Assert.Equal(Enumerable.Range(1, count).Select(n => (long)n), (await Queue.ReadAsync(id)).Select(r => r.Position));
    }

    [Fact]
    public async Task AppendAsync_OneFencedQueueInAGroup_OthersAreStillStored()
    {
        var (stale, fresh) = (Id("mixed-stale"), Id("mixed-fresh"));
        var old = (await Queue.ClaimAsync(stale, "silo-1")).Epoch;
        await Queue.ClaimAsync(stale, "silo-2");
        var epoch = (await Queue.ClaimAsync(fresh, "silo-1")).Epoch;

        var fenced = Queue.AppendAsync(stale, old, [Row(1)]);
        var stored = Queue.AppendAsync(fresh, epoch, [Row(1)]);

        await Assert.ThrowsAsync<StreamQueueFencedException>(() => fenced);
        await stored;
        Assert.Empty(await Queue.ReadAsync(stale));
        Assert.Single(await Queue.ReadAsync(fresh));
    }

    [Fact]
    public async Task AppendRacingClaim_EveryAppendThatSucceeds_IsInTheRowsOfTheClaimThatFollows()
    {
        var racer = NewQueue(await GetDatabaseAsync());
        for (var round = 0; round < 20; round++)
        {
            var id = Id($"race-{round}");
            var epoch = (await Queue.ClaimAsync(id, "silo-1")).Epoch;
            var append = Queue.AppendAsync(id, epoch, [Row(1), Row(2)]);
            var claim = racer.ClaimAsync(id, "silo-2");

            var appended = await Record.ExceptionAsync(() => append);
            var rows = (await claim).Rows;

            if (appended is null)
            {
                Assert.Equal([1L, 2L], rows.Select(r => r.Position));
            }
            else
            {
                Assert.IsType<StreamQueueFencedException>(appended);
                Assert.Empty(rows);
            }

            Assert.Equal(rows.Count, (await racer.ReadAsync(id)).Count);
        }
    }

    [Fact]
    public async Task ListPendingAsync_ShowsQueuesWithRowsAndTheirOwners()
    {
        var (full, empty) = (Id("pending-full"), Id("pending-empty"));
        var epoch = (await Queue.ClaimAsync(full, "silo-7")).Epoch;
        await Queue.ClaimAsync(empty, "silo-7");
        await Queue.AppendAsync(full, epoch, [Row(1)]);

        var pending = await Queue.ListPendingAsync();

        Assert.Contains(new StreamQueueOwner(full, "silo-7"), pending);
        Assert.DoesNotContain(pending, p => p.QueueId == empty);
    }

    [Fact]
    public async Task ReleaseAsync_WithRows_ClearsTheOwnerSoRecoveryFindsIt()
    {
        var id = Id("release-rows");
        var epoch = (await Queue.ClaimAsync(id, "silo-1")).Epoch;
        await Queue.AppendAsync(id, epoch, [Row(1)]);

        await Queue.ReleaseAsync(id, epoch);

        Assert.Contains(new StreamQueueOwner(id, ""), await Queue.ListPendingAsync());
        await Assert.ThrowsAsync<StreamQueueFencedException>(() => Queue.AppendAsync(id, epoch - 1, [Row(2)]));
        Assert.Single((await Queue.ClaimAsync(id, "silo-2")).Rows);
    }

    [Fact]
    public async Task ReleaseAsync_StaleEpoch_LeavesTheNewOwner()
    {
        var id = Id("release-stale");
        var old = (await Queue.ClaimAsync(id, "silo-1")).Epoch;
        var current = (await Queue.ClaimAsync(id, "silo-2")).Epoch;
        await Queue.AppendAsync(id, current, [Row(1)]);

        await Queue.ReleaseAsync(id, old);

        Assert.Contains(new StreamQueueOwner(id, "silo-2"), await Queue.ListPendingAsync());
        await Queue.AppendAsync(id, current, [Row(2)]);
        Assert.Equal(2, (await Queue.ReadAsync(id)).Count);
    }

    [Fact]
    public async Task FreshDatabase_TwoQueuesCreateTheTablesAtOnce_BothWork()
    {
        var database = await CreateDatabaseAsync();
        var first = NewQueue(database);
        var second = NewQueue(database);

        var claims = await Task.WhenAll(first.ClaimAsync(Id("fresh"), "silo-1"), second.ClaimAsync(Id("fresh-2"), "silo-2"));
        await first.AppendAsync(Id("fresh"), claims[0].Epoch, [Row(1)]);

        Assert.Single(await second.ReadAsync(Id("fresh")));
    }

    private string Id(string key) => _prefix + key;

    private static StreamQueueRow Row(long position) => new(position, "producer", position, 1, StreamEntryKind.Items, [(byte)position]);

    private AdoNetStreamQueue NewQueue(string database, TimeProvider? clock = null)
    {
        var dialect = CreateDialect(database);
        _dialects.Add(dialect);
        var queue = new AdoNetStreamQueue(dialect, clock);
        _queues.Add(queue);
        return queue;
    }
}
