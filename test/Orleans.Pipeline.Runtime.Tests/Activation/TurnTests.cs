using Orleans.Pipeline.Runtime.Tests.Grains;
using Orleans.Pipeline.Runtime.Tests.Support;

namespace Orleans.Pipeline.Runtime.Tests.Activation;

public sealed class TurnTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"turns-{Guid.NewGuid():N}.db");
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartWithSqliteAsync(_database, o => o.ResponseTimeout = TimeSpan.FromSeconds(3));

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        File.Delete(_database);
    }

    private ITurnGrain Turns(string grainType, string key) => _silo.GrainFactory.GetGrain<ITurnGrain>(GrainId.Create(grainType, key));

    [Fact]
    public async Task Call_ThousandConcurrentCallsToNonReentrantGrain_NeverOverlap()
    {
        var grain = Turns("turn", "serial");

        var sequences = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => grain.EnterAsync(yields: 2, delay: false))));

        var stats = await grain.GetStatsAsync();
        Assert.Equal(1000, stats.Calls);
        Assert.Equal(1, stats.MaxCallsInside);
        Assert.Equal(1, stats.MaxThreadsInside);
        Assert.Equal(Enumerable.Range(1, 1000), sequences.Order());
    }

    [Fact]
    public async Task Call_ConcurrentCallsToReentrantGrain_InterleaveButNeverRunInParallel()
    {
        var grain = Turns("reentrantturn", "interleaved");

        await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => grain.EnterAsync(yields: 3, delay: true))));

        var stats = await grain.GetStatsAsync();
        Assert.Equal(1000, stats.Calls);
        Assert.True(stats.MaxCallsInside > 1, $"calls should interleave, max inside was {stats.MaxCallsInside}");
        Assert.Equal(1, stats.MaxThreadsInside);
    }

    [Fact]
    public async Task Call_ReentrantGrainWaitingOnItself_IsReleasedByALaterCall()
    {
        var grain = Turns("reentrantturn", "release");

        var waiting = grain.WaitForReleaseAsync();
        await grain.ReleaseAsync("go");

        Assert.Equal("go", await waiting);
    }

    [Fact]
    public async Task Call_AlwaysInterleaveMethodWaiting_DoesNotHoldUpLaterCallsToANonReentrantGrain()
    {
        var grain = Turns("turn", "interleave-wait");

        var waiting = grain.WaitInterleavedAsync();
        await grain.ReleaseAsync("released by a normal call");

        Assert.Equal("released by a normal call", await waiting);
    }

    [Fact]
    public async Task Call_NonReentrantGrainWaitingOnItself_LaterCallWaitsUntilTheDeadline()
    {
        var grain = Turns("turn", "blocked");

        var waiting = grain.WaitForReleaseAsync();

        await Assert.ThrowsAsync<TimeoutException>(() => grain.ReleaseAsync("never delivered in time"));
        await Assert.ThrowsAsync<TimeoutException>(() => waiting);
    }
}
