using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Groupings;

/// <summary>
/// Turns a stage's labeled inputs into tasks, by the stage's grouping (DESIGN.md §4). Pure and deterministic: the
/// same inputs, in any order, on the same live nodes (in the same order) give the same tasks with the same ids.
/// <list type="table">
/// <listheader><term>grouping</term><description>one task per · label given · node it runs on first</description></listheader>
/// <item><term>split</term><description>input (even two sharing label and node) · the input's · the input's node</description></item>
/// <item><term>group_label</term><description>distinct label · the label · the node holding most of its inputs</description></item>
/// <item><term>group_node</term><description>node holding inputs · 0 · that node</description></item>
/// <item><term>group_node_label</term><description>distinct (label, node) · the label · that node</description></item>
/// <item><term>group_all</term><description>the whole stage, even with no input · 0 · the node holding most inputs</description></item>
/// </list>
/// Only <c>group_all</c> makes a task when there are no inputs. An input counts as being on its first replica (in
/// the order given) that is on a live node, else on the off-cluster pseudo-node if it has a URL or inline replica
/// (see <see cref="GroupKey.OffClusterNode"/>), else it is unavailable and reported, not grouped. "Most inputs"
/// ties go to the node first in the live order, the pseudo-node last. Groups are ordered by label, then node (live
/// order, pseudo-node last), then, for <c>split</c>, input id (ordinal); a group's inputs by label, then id.
/// </summary>
public static class StageGrouper
{
    /// <summary>
    /// Groups <paramref name="inputs"/> into the stage's tasks, numbering them from <paramref name="firstTaskId"/>.
    /// </summary>
    /// <param name="grouping">The stage's grouping.</param>
    /// <param name="inputs">The stage's inputs, in any order; ids must be unique.</param>
    /// <param name="liveNodes">The live silos, in a stable order (e.g. by name or by join order).</param>
    /// <param name="firstTaskId">The id of the first task; the result says which id comes next.</param>
    public static GroupingResult Group(Grouping grouping, IEnumerable<StageInput> inputs, IReadOnlyList<string> liveNodes, int firstTaskId)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var order = new NodeOrder(liveNodes);
        var placed = new List<(StageInput Input, string Node)>();
        var unavailable = new List<StageInput>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            ArgumentNullException.ThrowIfNull(input, nameof(inputs));
            if (!ids.Add(input.Id))
            {
                throw new ArgumentException($"Input id '{input.Id}' is given twice; each input of a stage needs its own id.", nameof(inputs));
            }

            if (order.Assign(input) is { } node)
            {
                placed.Add((input, node));
            }
            else
            {
                unavailable.Add(input);
            }
        }

        // Sorting first makes everything below independent of the order the inputs came in.
        placed.Sort((a, b) => CompareInputs(a.Input, b.Input));
        unavailable.Sort(CompareInputs);

        var groups = grouping switch
        {
            Grouping.Split => placed
                .Select(p => (Key: new GroupKey(p.Input.Label, p.Node), Node: p.Node, Inputs: (IReadOnlyList<StageInput>)[p.Input]))
                .ToList(),
            Grouping.GroupLabel => placed
                .GroupBy(p => p.Input.Label)
                .Select(g => (Key: new GroupKey(g.Key, null), Node: Majority(g.Select(p => p.Node), order), Inputs: Inputs(g)))
                .ToList(),
            Grouping.GroupNode => placed
                .GroupBy(p => p.Node, StringComparer.Ordinal)
                .Select(g => (Key: new GroupKey(0, g.Key), Node: g.Key, Inputs: Inputs(g)))
                .ToList(),
            Grouping.GroupNodeLabel => placed
                .GroupBy(p => (p.Input.Label, p.Node))
                .Select(g => (Key: new GroupKey(g.Key.Label, g.Key.Node), Node: g.Key.Node, Inputs: Inputs(g)))
                .ToList(),
            Grouping.GroupAll =>
            [
                (Key: new GroupKey(0, null), Node: Majority(placed.Select(p => p.Node), order), Inputs: Inputs(placed)),
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "Not a defined grouping."),
        };

        // Inputs are sorted by label then id, so for split equal (label, node) keys stay in id order: the sort is stable.
        var ordered = groups
            .OrderBy(g => g.Key.Label)
            .ThenBy(g => order.Rank(g.Key.Node ?? g.Node))
            .ToList();

        var tasks = new List<TaskGroup>(ordered.Count);
        var taskId = firstTaskId;
        foreach (var (key, node, groupInputs) in ordered)
        {
            tasks.Add(new TaskGroup(taskId++, key, node, groupInputs));
        }

        return new GroupingResult(tasks, unavailable, taskId);
    }

    /// <summary>
    /// Where <paramref name="input"/> counts as being on these live nodes: a live node name,
    /// <see cref="GroupKey.OffClusterNode"/>, or null when every replica is on a dead node.
    /// </summary>
    public static string? AssignedNode(StageInput input, IReadOnlyList<string> liveNodes)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new NodeOrder(liveNodes).Assign(input);
    }

    /// <summary>
    /// The key of the group <paramref name="input"/> belongs to (see <see cref="GroupKey"/>), or null when it is
    /// unavailable. With <c>split</c> the key is the input's (label, node), but every input is a task of its own.
    /// </summary>
    public static GroupKey? KeyOf(Grouping grouping, StageInput input, IReadOnlyList<string> liveNodes)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (new NodeOrder(liveNodes).Assign(input) is not { } node)
        {
            return null;
        }

        return grouping switch
        {
            Grouping.Split or Grouping.GroupNodeLabel => new GroupKey(input.Label, node),
            Grouping.GroupLabel => new GroupKey(input.Label, null),
            Grouping.GroupNode => new GroupKey(0, node),
            Grouping.GroupAll => new GroupKey(0, null),
            _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "Not a defined grouping."),
        };
    }

    /// <summary>
    /// For a concurrent stage: the existing task that a newly available input goes to, or null when it starts a new
    /// task (always with <c>split</c>; otherwise when no task has its key yet, see <see cref="StartGroup"/>) or is
    /// unavailable (check <see cref="AssignedNode"/>).
    /// </summary>
    public static TaskGroup? FindGroup(Grouping grouping, IEnumerable<TaskGroup> groups, StageInput input, IReadOnlyList<string> liveNodes)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (grouping == Grouping.Split || KeyOf(grouping, input, liveNodes) is not { } key)
        {
            return null;
        }

        return groups.FirstOrDefault(g => g.Key == key);
    }

    /// <summary>
    /// For a concurrent stage: the task a newly available input starts when <see cref="FindGroup"/> found none. It
    /// runs first on the input's node (for <c>group_label</c> and <c>group_all</c> the later inputs cannot vote
    /// any more). Null when the input is unavailable.
    /// </summary>
    public static TaskGroup? StartGroup(Grouping grouping, StageInput input, IReadOnlyList<string> liveNodes, int taskId)
    {
        var node = AssignedNode(input, liveNodes);
        return node is null || KeyOf(grouping, input, liveNodes) is not { } key
            ? null
            : new TaskGroup(taskId, key, node, [input]);
    }

    /// <summary>
    /// The tasks of the next stage that could have consumed the outputs of one task, for the failure cascade:
    /// when that task fails, these fail and restart too, finished or not. A consumer is affected when it holds one
    /// of the outputs, or when its key matches what the outputs carry: with <c>split</c> only the former (each
    /// output feeds exactly one task); <c>group_label</c>, a label an output has; <c>group_node</c>, a node an
    /// output has a replica on; <c>group_node_label</c>, both for the same output; <c>group_all</c>, the one task.
    /// Matching every replica node, not only the assigned one, keeps the answer right after nodes died.
    /// </summary>
    /// <param name="grouping">The consuming stage's grouping.</param>
    /// <param name="consumers">The consuming stage's tasks.</param>
    /// <param name="outputs">The outputs the failed task produced (label and where they are).</param>
    /// <returns>The affected consumers, in the order given.</returns>
    public static IReadOnlyList<TaskGroup> Consumers(Grouping grouping, IEnumerable<TaskGroup> consumers, IReadOnlyCollection<StageInput> outputs)
    {
        ArgumentNullException.ThrowIfNull(consumers);
        ArgumentNullException.ThrowIfNull(outputs);
        var ids = outputs.Select(static o => o.Id).ToHashSet(StringComparer.Ordinal);
        var labels = outputs.Select(static o => o.Label).ToHashSet();
        var places = outputs
            .SelectMany(static o => (o.Replicas ?? []).Where(static r => r is not null).Select(r => (o.Label, Node: r.Node ?? GroupKey.OffClusterNode)))
            .ToHashSet();
        var nodes = places.Select(static p => p.Node).ToHashSet(StringComparer.Ordinal);

        bool Matches(GroupKey key) => grouping switch
        {
            Grouping.Split => false,
            Grouping.GroupLabel => labels.Contains(key.Label),
            Grouping.GroupNode => key.Node is { } node && nodes.Contains(node),
            Grouping.GroupNodeLabel => key.Node is { } node && places.Contains((key.Label, node)),
            Grouping.GroupAll => outputs.Count > 0,
            _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "Not a defined grouping."),
        };

        return consumers
            .Where(c => Matches(c.Key) || c.Inputs.Any(i => ids.Contains(i.Id)))
            .ToList();
    }

    private static IReadOnlyList<StageInput> Inputs(IEnumerable<(StageInput Input, string Node)> placed) =>
        placed.Select(static p => p.Input).ToList();

    /// <summary>The node most inputs are on; ties go to the lowest rank. The pseudo-node when there are none.</summary>
    private static string Majority(IEnumerable<string> nodes, NodeOrder order)
    {
        var best = GroupKey.OffClusterNode;
        var bestCount = 0;
        foreach (var group in nodes.GroupBy(static n => n, StringComparer.Ordinal))
        {
            var count = group.Count();
            if (count > bestCount || (count == bestCount && order.Rank(group.Key) < order.Rank(best)))
            {
                best = group.Key;
                bestCount = count;
            }
        }

        return best;
    }

    private static int CompareInputs(StageInput a, StageInput b)
    {
        var byLabel = a.Label.CompareTo(b.Label);
        return byLabel != 0 ? byLabel : string.CompareOrdinal(a.Id, b.Id);
    }
}
