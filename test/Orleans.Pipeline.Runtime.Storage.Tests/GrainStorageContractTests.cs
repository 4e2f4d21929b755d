using System.Data.Common;
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
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

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

    /// <summary>
    /// A dialect over <paramref name="database"/> for storages a test assembles itself. Where the backend waits for
    /// locks, it gives up within about a second, so writes to a database taken down fail promptly.
    /// </summary>
    protected abstract AdoNetStorageDialect CreateDialect(string database);

    /// <summary>
    /// Takes <paramref name="database"/> down for writers until the result is disposed: every write transaction that
    /// starts meanwhile fails (within the lock wait of <see cref="CreateDialect"/>).
    /// </summary>
    protected abstract Task<IAsyncDisposable> TakeDownAsync(string database);

    /// <summary>Makes <paramref name="database"/> refuse any row whose payload is <paramref name="payload"/> (a trigger raising an error).</summary>
    protected abstract Task RefusePayloadAsync(string database, byte[] payload);

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
    public async Task WriteAsync_ManyWritersQueuedWhileATransactionCommits_AllShareTheNextTransactionAndReadBack()
    {
        var (storage, dialect) = await NewPausableStorageAsync();
        var keys = Enumerable.Range(0, 100).Select(_ => NewKey()).ToArray();
        var commitsBefore = storage.Commits;

        // Queued concurrently from the thread pool while the writer is held in the previous transaction.
        var writes = await WhileWriterHeldAsync(storage, dialect, () => Task.WhenAll(keys.Select((key, i) => Task.Factory.StartNew(
            () => storage.WriteAsync(key, Bytes($"writer {i}"), null), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default))));
        var etags = await Task.WhenAll(writes);

        Assert.Equal(commitsBefore + 2, storage.Commits); // the held write's transaction, then one for all 100
        for (var i = 0; i < keys.Length; i++)
        {
            var stored = await storage.ReadAsync(keys[i]);
            Assert.NotNull(stored);
            Assert.Equal(Bytes($"writer {i}"), stored.Data);
            Assert.Equal(etags[i], stored.Etag);
        }
    }

    [Fact]
    public async Task WriteAsync_MoreQueuedThanMaxBatchSize_CommitsInTransactionsOfAtMostMaxBatchSize()
    {
        var (storage, dialect) = await NewPausableStorageAsync();
        var keys = Enumerable.Range(0, AdoNetGrainStorage.MaxBatchSize + 10).Select(_ => NewKey()).ToArray();
        var commitsBefore = storage.Commits;

        var writes = await WhileWriterHeldAsync(storage, dialect, () => Task.FromResult(keys.Select(key => storage.WriteAsync(key, Bytes("data"), null)).ToArray()));
        var etags = await Task.WhenAll(writes);

        Assert.Equal(commitsBefore + 3, storage.Commits); // the held write's, then MaxBatchSize writes, then 10
        Assert.Equal(etags[0], (await storage.ReadAsync(keys[0]))?.Etag);
        Assert.Equal(etags[^1], (await storage.ReadAsync(keys[^1]))?.Etag);
    }

    [Fact]
    public async Task WriteAsync_ConflictsInsideBatch_FailAloneWithTheirOwnMessageWhileTheOthersCommit()
    {
        var (storage, dialect) = await NewPausableStorageAsync();
        var (stale, updated, inserted, existing, cleared) = (NewKey(), NewKey(), NewKey(), NewKey(), NewKey());
        var staleFirst = await storage.WriteAsync(stale, Bytes("stale 1"), null);
        var staleSecond = await storage.WriteAsync(stale, Bytes("stale 2"), staleFirst);
        var updatedFirst = await storage.WriteAsync(updated, Bytes("updated 1"), null);
        var existingFirst = await storage.WriteAsync(existing, Bytes("existing 1"), null);
        var clearedFirst = await storage.WriteAsync(cleared, Bytes("cleared 1"), null);
        var commitsBefore = storage.Commits;

        var (insert, staleWrite, update, duplicateInsert, clear) = await WhileWriterHeldAsync(storage, dialect, () => Task.FromResult((
            storage.WriteAsync(inserted, Bytes("inserted"), null),
            storage.WriteAsync(stale, Bytes("stale 3"), staleFirst),
            storage.WriteAsync(updated, Bytes("updated 2"), updatedFirst),
            storage.WriteAsync(existing, Bytes("existing 2"), null),
            storage.ClearAsync(cleared, clearedFirst))));

        var staleConflict = await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite);
        var duplicateConflict = await Assert.ThrowsAsync<InconsistentStateException>(() => duplicateInsert);
        var insertedEtag = await insert;
        var updatedEtag = await update;
        await clear;
        Assert.Equal(commitsBefore + 2, storage.Commits); // one transaction carried all five
        Assert.Equal((staleSecond, staleFirst), (staleConflict.StoredEtag, staleConflict.CurrentEtag));
        Assert.Equal((existingFirst, (string?)null), (duplicateConflict.StoredEtag, duplicateConflict.CurrentEtag));

        // The same conflicts, alone, say the same.
        var staleAlone = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(stale, Bytes("stale 3"), staleFirst));
        var duplicateAlone = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(existing, Bytes("existing 2"), null));
        Assert.Equal(staleAlone.Message, staleConflict.Message);
        Assert.Equal(duplicateAlone.Message, duplicateConflict.Message);

        Assert.Equal(Bytes("stale 2"), (await storage.ReadAsync(stale))?.Data);
        Assert.Equal(Bytes("existing 1"), (await storage.ReadAsync(existing))?.Data);
        await AssertStoredAsync(storage, inserted, Bytes("inserted"), insertedEtag);
        await AssertStoredAsync(storage, updated, Bytes("updated 2"), updatedEtag);
        Assert.Null(await storage.ReadAsync(cleared));
    }

    [Fact]
    public async Task WriteAsync_SeveralOperationsOnOneKeyInOneBatch_BehaveAsOneAfterTheOther()
    {
        var (storage, dialect) = await NewPausableStorageAsync();
        var (written, recreated) = (NewKey(), NewKey());
        var writtenStart = await storage.WriteAsync(written, Bytes("start"), null);
        var recreatedStart = await storage.WriteAsync(recreated, Bytes("start"), null);
        var commitsBefore = storage.Commits;

        var (first, second, insert, clear, reinsert, staleAfterClear) = await WhileWriterHeldAsync(storage, dialect, () => Task.FromResult((
            storage.WriteAsync(written, Bytes("first"), writtenStart),
            storage.WriteAsync(written, Bytes("second"), writtenStart),
            storage.WriteAsync(written, Bytes("insert"), null),
            storage.ClearAsync(recreated, recreatedStart),
            storage.WriteAsync(recreated, Bytes("again"), null),
            storage.WriteAsync(recreated, Bytes("stale"), recreatedStart))));

        // The first write wins; the second carried the ETag the first replaced, so it conflicts, as it would after it.
        var firstEtag = await first;
        var secondConflict = await Assert.ThrowsAsync<InconsistentStateException>(() => second);
        var insertConflict = await Assert.ThrowsAsync<InconsistentStateException>(() => insert);
        Assert.NotEqual(writtenStart, firstEtag);
        Assert.Equal((firstEtag, writtenStart), (secondConflict.StoredEtag, secondConflict.CurrentEtag));
        Assert.Equal((firstEtag, (string?)null), (insertConflict.StoredEtag, insertConflict.CurrentEtag));
        await AssertStoredAsync(storage, written, Bytes("first"), firstEtag);

        // Cleared, then inserted again: the ETag from before the clear matches nothing.
        await clear;
        var againEtag = await reinsert;
        var staleConflict = await Assert.ThrowsAsync<InconsistentStateException>(() => staleAfterClear);
        Assert.Equal((againEtag, recreatedStart), (staleConflict.StoredEtag, staleConflict.CurrentEtag));
        await AssertStoredAsync(storage, recreated, Bytes("again"), againEtag);
        Assert.Equal(commitsBefore + 2, storage.Commits);
    }

    [Fact]
    public async Task WriteAsync_CanceledWhileQueued_ThrowsAndIsNotStoredWhileTheOthersCommit()
    {
        var (storage, dialect) = await NewPausableStorageAsync();
        var (canceledKey, keptKey) = (NewKey(), NewKey());
        using var cancellation = new CancellationTokenSource();

        var (canceled, kept) = await WhileWriterHeldAsync(storage, dialect, async () =>
        {
            var queued = (storage.WriteAsync(canceledKey, Bytes("canceled"), null, cancellation.Token), storage.WriteAsync(keptKey, Bytes("kept"), null));
            await cancellation.CancelAsync();
            return queued;
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled);
        await AssertStoredAsync(storage, keptKey, Bytes("kept"), await kept);
        Assert.Null(await storage.ReadAsync(canceledKey));
    }

    [Fact]
    public async Task DisposeAsync_WritesQueued_CommitsThemBeforeItCompletesAndRefusesLaterWrites()
    {
        var database = await CreateDatabaseAsync();
        var (storage, dialect) = await NewPausableStorageAsync(database);
        var keys = Enumerable.Range(0, 10).Select(_ => NewKey()).ToArray();
        var hold = dialect.HoldNextConnection();
        var held = storage.WriteAsync(NewKey(), Bytes("held"), null);
        await hold.Reached.WaitAsync(Deadline);
        var writes = keys.Select(key => storage.WriteAsync(key, Bytes("queued"), null)).ToArray();

        var dispose = storage.DisposeAsync().AsTask();
        var refused = storage.WriteAsync(NewKey(), Bytes("late"), null);
        var disposedEarly = dispose.IsCompleted;
        hold.Release();
        await dispose.WaitAsync(Deadline);

        Assert.False(disposedEarly, "dispose finished while a transaction was still held");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => refused);
        await held;
        var etags = await Task.WhenAll(writes);
        var reader = NewStorage(database);
        for (var i = 0; i < keys.Length; i++)
        {
            await AssertStoredAsync(reader, keys[i], Bytes("queued"), etags[i]);
        }
    }

    [Fact]
    public async Task WriteAsync_OneStatementOfBatchFails_OnlyThatWriteFailsAndTheOthersCommit()
    {
        var database = await CreateDatabaseAsync();
        var (storage, dialect) = await NewPausableStorageAsync(database);
        await RefusePayloadAsync(database, Bytes("refused"));
        var (before, refused, after, updated) = (NewKey(), NewKey(), NewKey(), NewKey());
        var updatedFirst = await storage.WriteAsync(updated, Bytes("updated 1"), null);

        var (beforeWrite, refusedWrite, afterWrite, update) = await WhileWriterHeldAsync(storage, dialect, () => Task.FromResult((
            storage.WriteAsync(before, Bytes("before"), null),
            storage.WriteAsync(refused, Bytes("refused"), null),
            storage.WriteAsync(after, Bytes("after"), null),
            storage.WriteAsync(updated, Bytes("updated 2"), updatedFirst))));

        await Assert.ThrowsAnyAsync<DbException>(() => refusedWrite);
        await AssertStoredAsync(storage, before, Bytes("before"), await beforeWrite);
        await AssertStoredAsync(storage, after, Bytes("after"), await afterWrite);
        await AssertStoredAsync(storage, updated, Bytes("updated 2"), await update);
        Assert.Null(await storage.ReadAsync(refused));
    }

    [Fact]
    public async Task WriteAsync_DatabaseDownDuringBatch_FailsEveryWriteOfItAndLaterWritesSucceed()
    {
        var database = await CreateDatabaseAsync();
        var (storage, dialect) = await NewPausableStorageAsync(database);
        var keys = Enumerable.Range(0, 10).Select(_ => NewKey()).ToArray();
        var commitsBefore = storage.Commits;

        var hold = dialect.HoldNextConnection();
        var held = storage.WriteAsync(NewKey(), Bytes("held"), null);
        await hold.Reached.WaitAsync(Deadline);
        Task<string>[] writes;
        await using (await TakeDownAsync(database))
        {
            writes = keys.Select(key => storage.WriteAsync(key, Bytes("lost"), null)).ToArray();
            hold.Release();
            await Assert.ThrowsAnyAsync<DbException>(() => held.WaitAsync(Deadline));
            foreach (var write in writes)
            {
                await Assert.ThrowsAnyAsync<DbException>(() => write.WaitAsync(Deadline));
            }
        }

        Assert.Equal(commitsBefore, storage.Commits);
        foreach (var key in keys)
        {
            Assert.Null(await storage.ReadAsync(key));
        }

        var etags = await Task.WhenAll(keys.Select(key => storage.WriteAsync(key, Bytes("back"), null)));
        for (var i = 0; i < keys.Length; i++)
        {
            await AssertStoredAsync(storage, keys[i], Bytes("back"), etags[i]);
        }
    }

    [Fact]
    public async Task WriteAsync_DatabaseDownBeforeTableExists_FailsEveryWriteThenCreatesTableOnceBack()
    {
        var database = await CreateDatabaseAsync();
        var storage = NewStorage(CreateDialect(database));
        var keys = Enumerable.Range(0, 10).Select(_ => NewKey()).ToArray();

        await using (await TakeDownAsync(database))
        {
            var writes = keys.Select(key => storage.WriteAsync(key, Bytes("lost"), null)).ToArray();
            foreach (var write in writes)
            {
                await Assert.ThrowsAnyAsync<DbException>(() => write.WaitAsync(Deadline));
            }
        }

        var etags = await Task.WhenAll(keys.Select(key => storage.WriteAsync(key, Bytes("back"), null)));
        for (var i = 0; i < keys.Length; i++)
        {
            await AssertStoredAsync(storage, keys[i], Bytes("back"), etags[i]);
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

    /// <summary>A storage over <paramref name="dialect"/>, disposed with the test.</summary>
    private AdoNetGrainStorage NewStorage(AdoNetStorageDialect dialect)
    {
        var storage = new AdoNetGrainStorage(dialect);
        _storages.Add(storage);
        return storage;
    }

    /// <summary>
    /// A storage whose writer a test can hold (see <see cref="WhileWriterHeldAsync"/>), over <paramref name="database"/>
    /// (default: the test's database), with its table already created.
    /// </summary>
    private async Task<(AdoNetGrainStorage Storage, PausableStorageDialect Dialect)> NewPausableStorageAsync(string? database = null)
    {
        database ??= await GetDatabaseAsync();
        var dialect = new PausableStorageDialect(CreateDialect(database));
        var storage = NewStorage(dialect);
        await storage.WriteAsync(NewKey(), Bytes("creates the table"), null);
        return (storage, dialect);
    }

    /// <summary>
    /// Holds the writer of <paramref name="storage"/> inside a transaction of its own (one write), runs
    /// <paramref name="queue"/>, then lets the writer go: every operation queued by then shares the next transaction
    /// (up to <see cref="AdoNetGrainStorage.MaxBatchSize"/>). Returns what <paramref name="queue"/> returned.
    /// </summary>
    private async Task<T> WhileWriterHeldAsync<T>(AdoNetGrainStorage storage, PausableStorageDialect dialect, Func<Task<T>> queue)
    {
        var hold = dialect.HoldNextConnection();
        var held = storage.WriteAsync(NewKey(), Bytes("held"), null);
        await hold.Reached.WaitAsync(Deadline);
        var queued = await queue();
        hold.Release();
        await held.WaitAsync(Deadline);
        return queued;
    }

    private static async Task AssertStoredAsync(IGrainStorage storage, GrainStateKey key, byte[] data, string etag)
    {
        var stored = await storage.ReadAsync(key);
        Assert.NotNull(stored);
        Assert.Equal(data, stored.Data);
        Assert.Equal(etag, stored.Etag);
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
