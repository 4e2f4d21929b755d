using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Placement;

namespace Orleans.Pipeline.Runtime.Tests.Grains;

[SiloPinnedPlacement]
public sealed class PinnedGrain(Silo silo) : Grain, IPinnedGrain
{
    public Task<string> WhereAsync() => Task.FromResult(silo.SiloName);
}
