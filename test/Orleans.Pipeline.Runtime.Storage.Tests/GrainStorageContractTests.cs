using System.Text;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IGrainStorage"/> backend promises. A subclass per backend supplies databases and
/// storages; the tests are the same for all.
/// </summary>
public abstract class GrainStorageContractTests : IAsyncLifetime
{
    private const int ConcurrentWriters = 20;

    private readonly List<AdoNetGrainStorage> _storages = [];
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private IGrainStorage? _storage;

    /// <summary>The storage most tests use, over <see cref="GetDatabaseAsync"/>.</summary>
    protected IGrainStorage Storage => _storage ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync() => _storage = NewStorage(await GetDatabaseAsync());

    public virtual async Task DisposeAsync()
    {
        foreach (var storage in _storages)
        {
            await storage.DisposeAsync();
        }
    }

    /// <summary>The database the test's <see cref="Storage"/> uses; may be shared with other tests of the class (keys are unique per test).</summary>
    protected abstract Task<string> GetDatabaseAsync();

    /// <summary>A fresh, empty database (no table yet): a SQLite file path or a PostgreSQL connection string.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    /// <summary>A new storage over <paramref name="database"/>.</summary>
    protected abstract AdoNetGrainStorage CreateStorage(string database);

    [Fact]
    public async Task ReadAsync_MissingRow_ReturnsNull()
    {
        Assert.Null(await Storage.ReadAsync(NewKey()));
    }

    [Fact]
    public async Task WriteAsync_NewRow_ReadReturnsSameBytesAndEtag()
    {
        var key = NewKey();
        var data = Bytes("first");

        var etag = await Storage.WriteAsync(key, data, expectedEtag: null);

        var stored = await Storage.ReadAsync(key);
        Assert.NotNull(stored);
        Assert.Equal(data, stored.Data);
        Assert.Equal(etag, stored.Etag);
    }

    [Fact]
    public async Task WriteAsync_CurrentEtag_ReturnsNewEtagAndStoresNewBytes()
    {
        var key = NewKey();
        var first = await Storage.WriteAsync(key, Bytes("first"), null);

        var second = await Storage.WriteAsync(key, Bytes("second"), first);

        Assert.NotEqual(first, second);
        var stored = await Storage.ReadAsync(key);
        Assert.NotNull(stored);
        Assert.Equal(Bytes("second"), stored.Data);
        Assert.Equal(second, stored.Etag);
    }

    [Fact]
    public async Task WriteAsync_StaleEtag_ThrowsWithStoredEtagAndKeepsData()
    {
        var key = NewKey();
        var first = await Storage.WriteAsync(key, Bytes("first"), null);
        var second = await Storage.WriteAsync(key, Bytes("second"), first);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(key, Bytes("third"), first));

        Assert.Equal(second, conflict.StoredEtag);
        Assert.Equal(first, conflict.CurrentEtag);
        var stored = await Storage.ReadAsync(key);
        Assert.NotNull(stored);
        Assert.Equal(Bytes("second"), stored.Data);
        Assert.Equal(second, stored.Etag);
    }

    [Fact]
    public async Task WriteAsync_NullEtagWhenRowExists_ThrowsWithStoredEtagAndKeepsData()
    {
        var key = NewKey();
        var first = await Storage.WriteAsync(key, Bytes("first"), null);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(key, Bytes("again"), null));

        Assert.Equal(first, conflict.StoredEtag);
        Assert.Null(conflict.CurrentEtag);
        var stored = await Storage.ReadAsync(key);
        Assert.NotNull(stored);
        Assert.Equal(Bytes("first"), stored.Data);
        Assert.Equal(first, stored.Etag);
    }

    [Fact]
    public async Task WriteAsync_EtagForMissingRow_ThrowsWithNoStoredEtagAndStoresNothing()
    {
        var key = NewKey();

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(key, Bytes("data"), "12345"));

        Assert.Null(conflict.StoredEtag);
        Assert.Equal("12345", conflict.CurrentEtag);
        Assert.Null(await Storage.ReadAsync(key));
    }

    [Theory]
    [InlineData("not-a-version")]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("99999999999999999999999")]
    public async Task WriteAsync_MalformedEtag_ThrowsWithStoredEtagAndKeepsData(string etag)
    {
        var key = NewKey();
        var first = await Storage.WriteAsync(key, Bytes("first"), null);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(key, Bytes("second"), etag));

        Assert.Equal(first, conflict.StoredEtag);
        var stored = await Storage.ReadAsync(key);
        Assert.NotNull(stored);
        Assert.Equal(Bytes("first"), stored.Data);
    }

    [Fact]
    public async Task WriteAsync_ConcurrentWritersWithSameEtag_ExactlyOneWinsAndOthersSeeItsEtag()
    {
        var key = NewKey();
        var start = await Storage.WriteAsync(key, Bytes("start"), null);

        var outcomes = await RaceAsync(ConcurrentWriters, writer => Storage.WriteAsync(key, Bytes($"writer {writer}"), start));

        var winner = Assert.Single(outcomes, outcome => outcome.Etag is not null);
        var losers = outcomes.Where(outcome => outcome.Etag is null).ToList();
        Assert.Equal(ConcurrentWriters - 1, losers.Count);
        Assert.All(losers, loser => Assert.Equal(winner.Etag, Assert.IsType<InconsistentStateException>(loser.Error).StoredEtag));
        var stored = await Storage.ReadAsync(key);
        Assert.NotNull(stored);
        Assert.Equal(Bytes($"writer {winner.Writer}"), stored.Data);
        Assert.Equal(winner.Etag, stored.Etag);
    }

    [Fact]
    public async Task WriteAsync_ConcurrentInsertsOfNewRow_ExactlyOneWinsAndOthersSeeItsEtag()
    {
        var key = NewKey();

        var outcomes = await RaceAsync(ConcurrentWriters, writer => Storage.WriteAsync(key, Bytes($"writer {writer}"), null));

        var winner = Assert.Single(outcomes, outcome => outcome.Etag is not null);
        Assert.All(
            outcomes.Where(outcome => outcome.Etag is null),
            loser => Assert.Equal(winner.Etag, Assert.IsType<InconsistentStateException>(loser.Error).StoredEtag));
        var stored = await Storage.ReadAsync(key);
        Assert.NotNull(stored);
        Assert.Equal(Bytes($"writer {winner.Writer}"), stored.Data);
        Assert.Equal(winner.Etag, stored.Etag);
    }

    [Fact]
    public async Task WriteAsync_ConcurrentWritersOnDifferentKeys_AllSucceed()
    {
        var keys = Enumerable.Range(0, ConcurrentWriters).Select(_ => NewKey()).ToArray();

        var outcomes = await RaceAsync(ConcurrentWriters, writer => Storage.WriteAsync(keys[writer], Bytes($"writer {writer}"), null));

        Assert.All(outcomes, outcome => Assert.Null(outcome.Error));
        for (var writer = 0; writer < ConcurrentWriters; writer++)
        {
            var stored = await Storage.ReadAsync(keys[writer]);
            Assert.NotNull(stored);
            Assert.Equal(Bytes($"writer {writer}"), stored.Data);
        }
    }

    [Fact]
    public async Task ClearAsync_CurrentEtag_DeletesRow()
    {
        var key = NewKey();
        var etag = await Storage.WriteAsync(key, Bytes("data"), null);

        await Storage.ClearAsync(key, etag);

        Assert.Null(await Storage.ReadAsync(key));
    }

    [Fact]
    public async Task ClearAsync_StaleEtag_ThrowsWithStoredEtagAndKeepsRow()
    {
        var key = NewKey();
        var first = await Storage.WriteAsync(key, Bytes("first"), null);
        var second = await Storage.WriteAsync(key, Bytes("second"), first);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync(key, first));

        Assert.Equal(second, conflict.StoredEtag);
        Assert.Equal(first, conflict.CurrentEtag);
        var stored = await Storage.ReadAsync(key);
        Assert.NotNull(stored);
        Assert.Equal(Bytes("second"), stored.Data);
        Assert.Equal(second, stored.Etag);
    }

    [Fact]
    public async Task ClearAsync_NullEtagWhenRowExists_ThrowsAndKeepsRow()
    {
        var key = NewKey();
        var etag = await Storage.WriteAsync(key, Bytes("data"), null);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync(key, null));

        Assert.Equal(etag, conflict.StoredEtag);
        var stored = await Storage.ReadAsync(key);
        Assert.NotNull(stored);
        Assert.Equal(Bytes("data"), stored.Data);
    }

    [Fact]
    public async Task ClearAsync_MissingRowWithNullEtag_SucceedsAndLeavesNoRow()
    {
        var key = NewKey();

        await Storage.ClearAsync(key, null);

        Assert.Null(await Storage.ReadAsync(key));
        var etag = await Storage.WriteAsync(key, Bytes("after"), null);
        Assert.Equal(etag, (await Storage.ReadAsync(key))?.Etag);
    }

    [Fact]
    public async Task ClearAsync_MissingRowWithEtag_ThrowsWithNoStoredEtag()
    {
        var key = NewKey();

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync(key, "12345"));

        Assert.Null(conflict.StoredEtag);
        Assert.Equal("12345", conflict.CurrentEtag);
        Assert.Null(await Storage.ReadAsync(key));
    }

    [Fact]
    public async Task ClearAsync_ConcurrentClearsWithSameEtag_ExactlyOneWins()
    {
        var key = NewKey();
        var etag = await Storage.WriteAsync(key, Bytes("data"), null);

        var outcomes = await RaceAsync(ConcurrentWriters, async _ =>
        {
            await Storage.ClearAsync(key, etag);
            return "cleared";
        });

        Assert.Single(outcomes, outcome => outcome.Etag is not null);
        Assert.All(
            outcomes.Where(outcome => outcome.Etag is null),
            loser => Assert.Null(Assert.IsType<InconsistentStateException>(loser.Error).StoredEtag));
        Assert.Null(await Storage.ReadAsync(key));
    }

    [Fact]
    public async Task WriteAsync_NullEtagAfterClear_InsertsNewRow()
    {
        var key = NewKey();
        var first = await Storage.WriteAsync(key, Bytes("first"), null);
        await Storage.ClearAsync(key, first);

        var second = await Storage.WriteAsync(key, Bytes("second"), null);

        var stored = await Storage.ReadAsync(key);
        Assert.NotNull(stored);
        Assert.Equal(Bytes("second"), stored.Data);
        Assert.Equal(second, stored.Etag);
    }

    [Fact]
    public async Task WriteAsync_EtagFromBeforeClear_ThrowsAfterRowIsWrittenAgain()
    {
        var key = NewKey();
        var before = await Storage.WriteAsync(key, Bytes("before"), null);
        await Storage.ClearAsync(key, before);
        var after = await Storage.WriteAsync(key, Bytes("after"), null);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(key, Bytes("stale"), before));

        Assert.NotEqual(before, after);
        Assert.Equal(after, conflict.StoredEtag);
        Assert.Equal(Bytes("after"), (await Storage.ReadAsync(key))?.Data);
    }

    [Fact]
    public async Task WriteAsync_KeysDifferingInOneComponent_AreDistinctRows()
    {
        // Each group concatenates (or formats with GrainStateKey.ToString) to the same text, or differs only in
        // case, trailing space, Unicode normalization or the last character of a long component.
        var longText = new string('x', 500);
        var longUnicode = string.Concat(Enumerable.Repeat("键", 500));
        var keys = new (string Type, string Key, string State)[]
        {
            ("a", "b/c", "d"), ("a/b", "c", "d"), ("a", "b", "c/d"), ("a", "b/c#d", ""),
            ("ab", "", "c"), ("a", "b", "c"), ("a", "", "bc"), ("", "a", "bc"), ("abc", "", ""),
            ("A", "b", "c"), ("a", "B", "c"), ("a", "b", "C"),
            ("a", "b ", "c"), ("a ", "b", "c"),
            ("grain", "caf\u00e9", "s"), ("grain", "cafe\u0301", "s"),
            ("grain", "ключ-键-🔑", "s"), ("grain", "ключ-键-🔐", "s"),
            (longText, longText, longText), (longText, longText, longText[..^1] + "y"),
            ("grain", longUnicode, "s"), ("grain", longUnicode[..^1] + "钥", "s"),
        }.Select(parts => new GrainStateKey($"{_run}:{parts.Type}", parts.Key, parts.State)).ToArray();
        Assert.Equal(keys.Length, keys.Distinct().Count());

        var etags = new string[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            etags[i] = await Storage.WriteAsync(keys[i], Bytes($"row {i}"), null);
        }

        for (var i = 0; i < keys.Length; i++)
        {
            var stored = await Storage.ReadAsync(keys[i]);
            Assert.NotNull(stored);
            Assert.Equal(Bytes($"row {i}"), stored.Data);
            Assert.Equal(etags[i], stored.Etag);
        }
    }

    [Fact]
    public async Task WriteAsync_LargePayload_RoundTrips()
    {
        var key = NewKey();
        var first = RandomBytes(8 * 1024 * 1024);
        var second = RandomBytes(8 * 1024 * 1024);

        var etag = await Storage.WriteAsync(key, first, null);
        var readFirst = await Storage.ReadAsync(key);
        await Storage.WriteAsync(key, second, etag);
        var readSecond = await Storage.ReadAsync(key);

        Assert.NotNull(readFirst);
        Assert.Equal(first.Length, readFirst.Data.Length);
        Assert.True(first.AsSpan().SequenceEqual(readFirst.Data), "the first 8 MB payload came back different");
        Assert.NotNull(readSecond);
        Assert.Equal(second.Length, readSecond.Data.Length);
        Assert.True(second.AsSpan().SequenceEqual(readSecond.Data), "the second 8 MB payload came back different");
    }

    [Fact]
    public async Task WriteAsync_EmptyPayload_ReadReturnsEmptyBytes()
    {
        var key = NewKey();

        var etag = await Storage.WriteAsync(key, ReadOnlyMemory<byte>.Empty, null);

        var stored = await Storage.ReadAsync(key);
        Assert.NotNull(stored);
        Assert.Empty(stored.Data);
        Assert.Equal(etag, stored.Etag);
    }

    [Fact]
    public async Task WriteAsync_SliceOfLargerArray_StoresOnlyTheSlice()
    {
        var key = NewKey();
        var buffer = RandomBytes(100);

        await Storage.WriteAsync(key, buffer.AsMemory(10, 20), null);

        var stored = await Storage.ReadAsync(key);
        Assert.NotNull(stored);
        Assert.Equal(buffer[10..30], stored.Data);
    }

    [Fact]
    public async Task WriteAsync_CanceledToken_ThrowsAndStoresNothing()
    {
        var key = NewKey();
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.WriteAsync(key, Bytes("data"), null, canceled.Token));

        Assert.Null(await Storage.ReadAsync(key));
    }

    [Fact]
    public async Task WriteAsync_DefaultKey_ThrowsArgumentException()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Storage.WriteAsync(default, Bytes("data"), null));

        Assert.Equal("key", error.ParamName);
    }

    [Fact]
    public async Task WriteAsync_StoragesInitializingFreshDatabaseConcurrently_AllSucceed()
    {
        var database = await CreateDatabaseAsync();
        var storages = Enumerable.Range(0, 8).Select(_ => NewStorage(database)).ToArray();
        var keys = storages.Select(_ => NewKey()).ToArray();

        var outcomes = await RaceAsync(storages.Length, i => storages[i].WriteAsync(keys[i], Bytes($"storage {i}"), null));

        Assert.All(outcomes, outcome => Assert.Null(outcome.Error));
        for (var i = 0; i < storages.Length; i++)
        {
            var stored = await storages[(i + 1) % storages.Length].ReadAsync(keys[i]);
            Assert.NotNull(stored);
            Assert.Equal(Bytes($"storage {i}"), stored.Data);
        }
    }

    [Fact]
    public async Task ReadAsync_NewStorageOverSameDatabase_ReturnsDataWrittenBeforeDispose()
    {
        var database = await CreateDatabaseAsync();
        var key = NewKey();
        string etag;
        await using (var first = CreateStorage(database))
        {
            etag = await first.WriteAsync(key, Bytes("durable"), null);
        }

        var second = NewStorage(database);
        var stored = await second.ReadAsync(key);
        var next = await second.WriteAsync(key, Bytes("updated"), etag);

        Assert.NotNull(stored);
        Assert.Equal(Bytes("durable"), stored.Data);
        Assert.Equal(etag, stored.Etag);
        Assert.Equal(Bytes("updated"), (await second.ReadAsync(key))?.Data);
        Assert.NotEqual(etag, next);
    }

    [Fact]
    public async Task ReadAsync_AfterDispose_ThrowsObjectDisposedException()
    {
        var storage = CreateStorage(await GetDatabaseAsync());
        await storage.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.ReadAsync(NewKey()));
    }

    /// <summary>A storage disposed with the test.</summary>
    protected AdoNetGrainStorage NewStorage(string database)
    {
        var storage = CreateStorage(database);
        _storages.Add(storage);
        return storage;
    }

    /// <summary>A key no other test uses.</summary>
    protected GrainStateKey NewKey() => new("ContractTestGrain", $"{_run}-{Guid.NewGuid():N}", "state");

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    // Starts all operations together (released by one gate) on the thread pool, and records each one's outcome.
    private static async Task<RaceOutcome[]> RaceAsync(int count, Func<int, Task<string>> operation)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            try
            {
                return new RaceOutcome(i, await operation(i), null);
            }
            catch (Exception exception)
            {
                return new RaceOutcome(i, null, exception);
            }
        })).ToArray();
        gate.SetResult();
        return await Task.WhenAll(racers);
    }
}
