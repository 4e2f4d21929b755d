using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Bench.Cluster;

/// <summary>The far end of a measured hop: pinned to one silo by its key, it answers at once.</summary>
public interface IHopTargetGrain : IGrainWithStringKey
{
    Task<int> EchoAsync(int value);

    /// <summary>The name of the silo this activation runs on.</summary>
    Task<string> WhereAsync();
}
