using System.Collections.Concurrent;
using Orleans.Pipeline.Runtime.Membership;

namespace Orleans.Pipeline.Runtime.Placement;

/// <summary>
/// The last known activation count of each silo, from probe answers. Placements made since then are added to the
/// estimate, so that a burst of new grains does not all go to the silo that looked emptiest a second ago.
/// </summary>
internal sealed class LoadTable
{
    private readonly ConcurrentDictionary<SiloAddress, int> _loads = new();

    public int Get(SiloAddress silo) => _loads.GetValueOrDefault(silo);

    public void Report(SiloAddress silo, int activations) => _loads[silo] = activations;

    public void AddPlacement(SiloAddress silo) => _loads.AddOrUpdate(silo, 1, static (_, n) => n + 1);

    public void Forget(SiloAddress silo) => _loads.TryRemove(silo, out _);
}
