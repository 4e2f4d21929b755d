using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Bench.Cluster;

/// <summary>Pinned to one silo, it reads that silo's membership view.</summary>
public interface IMembershipWatchGrain : IGrainWithStringKey
{
    /// <summary>The status of <paramref name="siloAddress"/> (<c>host:port@generation</c>) in this silo's current view.</summary>
    Task<string> StatusOfAsync(string siloAddress);
}
