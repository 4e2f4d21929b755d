using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Placement;

namespace Orleans.Pipeline.Bench.Cluster;

[SiloPinnedPlacement]
public sealed class HopTargetGrain(Silo silo) : Grain, IHopTargetGrain
{
    public Task<int> EchoAsync(int value) => Task.FromResult(value);

    public Task<string> WhereAsync() => Task.FromResult(silo.SiloName);
}
