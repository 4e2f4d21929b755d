using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Messaging;

namespace Orleans.Pipeline.Runtime.Hosting;

/// <summary>Routing's view of membership. A silo the view does not know yet (it joined after the last refresh) counts as alive unless a newer generation holds its endpoint: only a silo known to be dead loses its grains.</summary>
internal sealed class MembershipClusterView(IClusterMembership membership) : IClusterView
{
    public SiloAddress LocalSilo => membership.LocalSilo;

    public IReadOnlyList<SiloAddress> ActiveSilos => membership.CurrentView.ActiveSilos;

    public bool IsAlive(SiloAddress silo)
    {
        var view = membership.CurrentView;
        if (view.TryGetEntry(silo, out _))
        {
            return view.StatusOf(silo) != SiloStatus.Dead;
        }

        foreach (var entry in view.Entries)
        {
            if (entry.Address.Port == silo.Port && entry.Address.Host == silo.Host && entry.Address.Generation > silo.Generation)
            {
                return false;
            }
        }

        return true;
    }

    public string? NameOf(SiloAddress silo) => membership.CurrentView.NameOf(silo);
}
