using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Placement;

namespace Orleans.Pipeline.Bench.Cluster;

[SiloPinnedPlacement]
public sealed class MembershipWatchGrain(Silo silo) : Grain, IMembershipWatchGrain
{
    public Task<string> StatusOfAsync(string siloAddress)
    {
        var membership = silo.Membership ?? throw new InvalidOperationException($"Silo {silo.SiloName} is not in a cluster.");
        return Task.FromResult(membership.CurrentView.StatusOf(SiloAddress.Parse(siloAddress)).ToString());
    }
}
