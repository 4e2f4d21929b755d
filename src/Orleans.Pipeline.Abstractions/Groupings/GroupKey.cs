using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Groupings;

/// <summary>
/// What identifies a task within a stage, by grouping: <c>group_label</c> → (label, null); <c>group_node</c> →
/// (0, node); <c>group_node_label</c> → (label, node); <c>group_all</c> → (0, null). With <c>split</c> the key is
/// the input's (label, node) but is not unique: each input is its own task.
/// </summary>
/// <param name="Label">The label the task is given.</param>
/// <param name="Node">
/// The node that is part of the key: a silo name, or <see cref="OffClusterNode"/> for inputs that are on no silo
/// (URLs, inline text); null for groupings whose key has no node.
/// </param>
[GenerateSerializer]
public readonly record struct GroupKey(
    [property: Id(0)] int Label,
    [property: Id(1)] string? Node)
{
    /// <summary>
    /// The pseudo-node of inputs outside the cluster (URLs) or with no node (inline text): they all count as this
    /// one node. It is the empty string, which no silo is named.
    /// </summary>
    public const string OffClusterNode = "";

    /// <summary><c>(3, silo1)</c>, <c>(3, off-cluster)</c> or <c>(3, any node)</c>.</summary>
    public override string ToString() => Node switch
    {
        null => $"({Label}, any node)",
        OffClusterNode => $"({Label}, off-cluster)",
        _ => $"({Label}, {Node})",
    };
}
