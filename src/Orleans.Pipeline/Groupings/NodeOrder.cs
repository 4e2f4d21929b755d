namespace Orleans.Pipeline.Groupings;

/// <summary>
/// The live nodes in their stable order, and where inputs count as being. The off-cluster pseudo-node ranks after
/// every live node.
/// </summary>
internal sealed class NodeOrder
{
    private readonly Dictionary<string, int> _rank = new(StringComparer.Ordinal);

    public NodeOrder(IReadOnlyList<string> liveNodes)
    {
        ArgumentNullException.ThrowIfNull(liveNodes);
        foreach (var node in liveNodes)
        {
            if (string.IsNullOrEmpty(node))
            {
                throw new ArgumentException("A live node needs a name; the empty name is the off-cluster pseudo-node.", nameof(liveNodes));
            }

            // A name listed twice keeps its first place.
            _rank.TryAdd(node, _rank.Count);
        }
    }

    /// <summary>The rank of a live node or of the pseudo-node (after all live nodes); used to order groups.</summary>
    public int Rank(string node) => node.Length == 0 ? int.MaxValue : _rank[node];

    /// <summary>
    /// Where an input counts as being: its first replica (in the order given) that is a file on a live node;
    /// failing that, the off-cluster pseudo-node if a replica is a URL or inline text (readable from anywhere);
    /// failing that, null: every replica is on a dead node.
    /// </summary>
    public string? Assign(StageInput input)
    {
        var offCluster = false;
        foreach (var replica in input.Replicas ?? [])
        {
            if (replica is null)
            {
                continue;
            }

            if (replica.Node is { } node)
            {
                if (_rank.ContainsKey(node))
                {
                    return node;
                }
            }
            else
            {
                offCluster = true;
            }
        }

        return offCluster ? GroupKey.OffClusterNode : null;
    }
}
