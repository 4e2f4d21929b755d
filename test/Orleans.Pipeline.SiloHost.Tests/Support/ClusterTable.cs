using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.GrainDirectory;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Storage.Postgres;

namespace Orleans.Pipeline.SiloHost.Tests.Support;

/// <summary>The membership table and grain directory of a cluster on PostgreSQL, read directly, registered as silo-host registers them.</summary>
internal sealed class ClusterTable : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IMembershipTable _table;
    private readonly IGrainDirectory _directory;

    public ClusterTable(string connectionString, string clusterId)
    {
        _services = new ServiceCollection().AddPostgresClustering(connectionString, clusterId).BuildServiceProvider();
        _table = _services.GetRequiredService<IMembershipTable>();
        _directory = _services.GetRequiredService<IGrainDirectory>();
    }

    public async Task<IReadOnlyList<MembershipEntry>> ReadAsync()
    {
        var snapshot = await _table.ReadAllAsync();
        return snapshot.Rows.Select(row => row.Entry).ToArray();
    }

    /// <summary>The newest row of the silo named <paramref name="siloName"/>, or null.</summary>
    public async Task<MembershipEntry?> EntryOfAsync(string siloName) =>
        (await ReadAsync()).Where(e => e.SiloName == siloName).OrderByDescending(e => e.Address.Generation).FirstOrDefault();

    /// <summary>The silo that holds the activation of <paramref name="grainId"/> (a silo activates a grain only once its directory entry won), or null.</summary>
    public Task<SiloAddress?> SiloOfAsync(GrainId grainId) => _directory.LookupAsync(grainId);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
