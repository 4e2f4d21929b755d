using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Placement;

namespace Orleans.Pipeline.Grains.Hosting;

/// <summary>
/// Pipeline nodes are silos, named by their configured silo name: which nodes are live (in a stable order, by name),
/// and the broker of each. When two live silos share a name, the newest generation is the node.
/// </summary>
public sealed class NodeDirectory(Silo silo, IGrainFactory grains)
{
    /// <summary>This silo's node name.</summary>
    public string LocalNode => silo.SiloName;

    /// <summary>The live nodes, ordered by name.</summary>
    public IReadOnlyList<string> LiveNodes() => Active().Keys.Order(StringComparer.Ordinal).ToArray();

    public bool IsLive(string node) => Active().ContainsKey(node);

    /// <summary>The broker of a live node, or null when the node is not live.</summary>
    public IBrokerGrain? BrokerOf(string node) =>
        Active().TryGetValue(node, out var address) ? grains.GetGrain<IBrokerGrain>(SiloPinnedKey.Create(address.ToString())) : null;

    private Dictionary<string, SiloAddress> Active()
    {
        var membership = silo.Membership ?? throw new InvalidOperationException("Pipeline jobs need a clustered silo (a membership table and a grain directory).");
        var view = membership.CurrentView;
        var nodes = new Dictionary<string, SiloAddress>(StringComparer.Ordinal);
        foreach (var address in view.ActiveSilos)
        {
            var name = view.NameOf(address) ?? address.ToString();
            if (!nodes.TryGetValue(name, out var existing) || existing.Generation < address.Generation)
            {
                nodes[name] = address;
            }
        }

        return nodes;
    }
}
