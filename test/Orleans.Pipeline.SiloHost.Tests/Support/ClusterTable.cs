using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Storage.Postgres;

namespace Orleans.Pipeline.SiloHost.Tests.Support;

/// <summary>The membership table of a cluster on PostgreSQL, read directly, registered as silo-host registers it.</summary>
internal sealed class ClusterTable : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IMembershipTable _table;

    public ClusterTable(string connectionString, string clusterId)
    {
        _services = new ServiceCollection().AddPostgresClustering(connectionString, clusterId).BuildServiceProvider();
        _table = _services.GetRequiredService<IMembershipTable>();
    }

    public async Task<IReadOnlyList<MembershipEntry>> ReadAsync()
    {
        var snapshot = await _table.ReadAllAsync();
        return snapshot.Rows.Select(row => row.Entry).ToArray();
    }

    /// <summary>The newest row of the silo named <paramref name="siloName"/>, or null.</summary>
    public async Task<MembershipEntry?> EntryOfAsync(string siloName) =>
        (await ReadAsync()).Where(e => e.SiloName == siloName).OrderByDescending(e => e.Address.Generation).FirstOrDefault();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
