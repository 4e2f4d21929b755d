using Orleans.Pipeline.Groupings;

namespace Orleans.Pipeline.Placement;

/// <summary>
/// Where a task's next attempt runs (DESIGN.md §4, "Placement"), as pure logic: on its first attempt, its group's
/// node when that node can run it; on a retry, a node where it has not failed, preferring one that holds one of its
/// inputs; when it failed everywhere, any node. Deterministic: the same task, attempt and cluster give the same node.
/// </summary>
public static class TaskPlacement
{
    /// <summary>The node for the next attempt, or null when <paramref name="candidates"/> is empty.</summary>
    /// <param name="taskId">The task's id (spreads retries that have no better choice).</param>
    /// <param name="attemptsSoFar">Attempts already made: 0 before the first.</param>
    /// <param name="groupNode">The node its grouping chose (<see cref="GroupKey.OffClusterNode"/>: any).</param>
    /// <param name="inputs">Its inputs; a node holding a replica of one is preferred on a retry.</param>
    /// <param name="failedNodes">Nodes where an attempt failed or was lost.</param>
    /// <param name="candidates">The live nodes that can run it, in a stable order.</param>
    public static string? ChooseNode(
        int taskId,
        int attemptsSoFar,
        string groupNode,
        IEnumerable<StageInput> inputs,
        IReadOnlyCollection<string> failedNodes,
        IReadOnlyList<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(groupNode);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(failedNodes);
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0)
        {
            return null;
        }

        if (attemptsSoFar == 0 && groupNode.Length > 0 && candidates.Contains(groupNode))
        {
            return groupNode;
        }

        var untried = candidates.Where(n => !failedNodes.Contains(n)).ToList();
        if (untried.Count == 0)
        {
            untried = [.. candidates];
        }

        var holding = inputs.SelectMany(i => i.Replicas).Select(r => r.Node).FirstOrDefault(n => n is not null && untried.Contains(n));
        return holding ?? untried[(int)((uint)(taskId + attemptsSoFar) % (uint)untried.Count)];
    }
}
