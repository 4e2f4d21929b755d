using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Pipeline.Runtime.Clustering;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Storage.Sqlite;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Membership.Tests.Support;

/// <summary>
/// Several <see cref="MembershipService"/>s of one cluster over one real SQLite membership table and grain directory
/// (a temp file, a dialect per silo as separate processes would have), probing each other on a <see cref="FakeNetwork"/>.
/// With a <see cref="FakeClock"/>, <see cref="RoundAsync"/> drives the protocol one period at a time.
/// </summary>
public sealed class MembershipTestCluster : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _directory = new("membership");
    private readonly List<AdoNetClusteringDialect> _dialects = [];
    private readonly List<MembershipService> _services = [];
    private readonly List<MembershipService> _live = [];

    public MembershipTestCluster(MembershipOptions? options = null, TimeProvider? time = null)
    {
        Options = options ?? new MembershipOptions();
        Time = time ?? new FakeClock(Start);
        DatabasePath = _directory.GetPath("cluster.db");
        var dialect = NewDialect();
        Table = new AdoNetMembershipTable(dialect, ClusterId);
        Directory = new AdoNetGrainDirectory(dialect, ClusterId, Time);
    }

    public string ClusterId { get; } = "test-cluster";

    public string DatabasePath { get; }

    public MembershipOptions Options { get; }

    public TimeProvider Time { get; }

    /// <summary>The clock, when the cluster runs on fake time.</summary>
    public FakeClock Clock => Time as FakeClock ?? throw new InvalidOperationException("This cluster runs on real time.");

    public FakeNetwork Network { get; } = new();

    /// <summary>A table over the same database, for the test to look at.</summary>
    public AdoNetMembershipTable Table { get; }

    /// <summary>A directory over the same database, for the test to register and look up grains.</summary>
    public AdoNetGrainDirectory Directory { get; }

    /// <summary>The silos not killed.</summary>
    public IReadOnlyList<MembershipService> Live => [.. _live];

    public static SiloAddress Address(int index, long generation = 1) => new($"10.0.0.{index}", 11111, generation);

    /// <summary>A service for silo <paramref name="index"/> with a table and directory of its own; not joined.</summary>
    public MembershipService Create(int index, long generation = 1, MembershipOptions? options = null)
    {
        var dialect = NewDialect();
        var address = Address(index, generation);
        var service = new MembershipService(
            new AdoNetMembershipTable(dialect, ClusterId),
            new FakeSiloProber(Network, address),
            new AdoNetGrainDirectory(dialect, ClusterId, Time),
            options ?? Options,
            address,
            $"silo{index}",
            gatewayPort: 30000 + index,
            Time,
            NullLogger.Instance);
        _services.Add(service);
        _live.Add(service);
        return service;
    }

    /// <summary>Creates and joins silos <paramref name="indexes"/>, one after another; then every live silo refreshes its view.</summary>
    public async Task<MembershipService[]> JoinAsync(params int[] indexes)
    {
        var services = new MembershipService[indexes.Length];
        for (var i = 0; i < indexes.Length; i++)
        {
            services[i] = Create(indexes[i]);
            await services[i].JoinAsync();
        }

        await RefreshAllAsync();
        return services;
    }

    /// <summary>Kills a silo: unreachable from now on, and its service stops without touching the table.</summary>
    public async Task KillAsync(MembershipService silo)
    {
        Network.Kill(silo.LocalSilo);
        _live.Remove(silo);
        await silo.DisposeAsync();
    }

    /// <summary>
    /// One period of the protocol on fake time: the clock moves one probe period, then every live silo writes its
    /// heartbeat, <paramref name="probers"/> (default: every live silo) run a probe round one after another, and every
    /// live silo refreshes its view.
    /// </summary>
    public async Task RoundAsync(params MembershipService[] probers)
    {
        Clock.Advance(Options.ProbePeriod);
        foreach (var silo in _live)
        {
            await silo.WriteHeartbeatAsync();
        }

        foreach (var silo in probers.Length > 0 ? probers : _live.ToArray())
        {
            await silo.RunProbeRoundAsync();
        }

        await RefreshAllAsync();
    }

    public async Task RefreshAllAsync()
    {
        foreach (var silo in _live)
        {
            await silo.RefreshAsync();
        }
    }

    /// <summary>The stored row of <paramref name="silo"/>.</summary>
    public async Task<MembershipRow> RowAsync(SiloAddress silo) =>
        (await Table.ReadAllAsync()).Rows.Single(row => row.Entry.Address == silo);

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }

        foreach (var dialect in _dialects)
        {
            await dialect.DisposeAsync();
        }

        _directory.Dispose();
    }

    private SqliteClusteringDialect NewDialect()
    {
        var dialect = new SqliteClusteringDialect(DatabasePath);
        _dialects.Add(dialect);
        return dialect;
    }
}
