using Orleans.Pipeline.Runtime.Tests.Grains;
using Orleans.Pipeline.Runtime.Tests.Support;

namespace Orleans.Pipeline.Runtime.Tests.Activation;

public sealed class ActivationTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"activation-{Guid.NewGuid():N}.db");
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartWithSqliteAsync(_database, o => o.ResponseTimeout = TimeSpan.FromSeconds(2));

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        File.Delete(_database);
    }

    [Fact]
    public async Task GetGrain_FirstCall_ActivatesOnceAndLaterCallsReuseIt()
    {
        var grain = _silo.GrainFactory.GetGrain<ICounterGrain>("first-call");
        Assert.Empty(_silo.Log.Events);

        Assert.Equal(1, await grain.AddAsync(1, "a"));
        Assert.Equal(3, await grain.AddAsync(2, "b"));
        Assert.Equal(3, await _silo.GrainFactory.GetGrain<ICounterGrain>("first-call").GetAsync());

        Assert.Equal(["activate first-call 0"], _silo.Log.Events);
        Assert.Contains(_silo.Silo.GetActivations(), id => id == GrainId.Create("counter", "first-call"));
    }

    [Fact]
    public async Task Call_ConcurrentFirstCalls_CreateOneActivation()
    {
        var calls = Enumerable.Range(0, 200).Select(_ => _silo.GrainFactory.GetGrain<ICounterGrain>("racy").GetAsync());
        await Task.WhenAll(calls);

        Assert.Equal(1, _silo.Log.Count("activate racy 0"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_GrainThrows_CallerSeesExceptionTypeAndMessage(bool afterAwait)
    {
        var grain = _silo.GrainFactory.GetGrain<IFaultyGrain>(7);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.ThrowAsync("the input was out of range", afterAwait));

        Assert.Contains("the input was out of range", error.Message);
        Assert.Equal(8, await grain.PingAsync(7));
    }

    [Fact]
    public async Task Call_GrainNeverAnswers_FailsWithTimeoutAfterDeadline()
    {
        var grain = _silo.GrainFactory.GetGrain<IFaultyGrain>(1);
        var started = TimeProvider.System.GetTimestamp();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => grain.NeverAnswerAsync());

        var elapsed = TimeProvider.System.GetElapsedTime(started);
        Assert.Contains("NeverAnswerAsync", error.Message);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(30));
        Assert.Equal(3, await _silo.GrainFactory.GetGrain<IFaultyGrain>(2).PingAsync(2));
    }

    [Fact]
    public async Task GetGrain_IntegerGuidAndStringKeys_AddressDistinctGrains()
    {
        var guid = Guid.NewGuid();
        var ticker = _silo.GrainFactory.GetGrain<ITickerGrain>(guid);
        await ticker.StopAsync();

        Assert.Contains(_silo.Silo.GetActivations(), id => id == GrainId.Create("ticker", guid));
        Assert.Equal(43, await _silo.GrainFactory.GetGrain<IFaultyGrain>(42).PingAsync(42));
        Assert.Contains(_silo.Silo.GetActivations(), id => id == GrainId.Create("faulty", 42));
    }

    [Fact]
    public async Task GrainReference_PassedAsArgument_CallsTheSameGrain()
    {
        var counter = _silo.GrainFactory.GetGrain<ICounterGrain>("referenced");
        var relay = _silo.GrainFactory.GetGrain<IRelayGrain>("relay");

        Assert.Equal(5, await relay.AddThroughAsync(counter, 5));
        Assert.Equal(5, await counter.GetAsync());
    }
}
