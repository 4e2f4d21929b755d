namespace Orleans.Pipeline.Groupings;

/// <summary>The tasks a stage's inputs were grouped into.</summary>
/// <param name="Groups">The tasks, ordered by label, then node (live nodes in the order given, the off-cluster pseudo-node last), with ids counting up in that order.</param>
/// <param name="Unavailable">
/// Inputs left out because every replica is on a node that is not live, ordered by label, then id. The caller
/// recomputes them (re-runs their producers) and groups again; they are never dropped silently.
/// </param>
/// <param name="NextTaskId">The id the next task of the job gets: the first id plus the number of groups.</param>
public sealed record GroupingResult(
    IReadOnlyList<TaskGroup> Groups,
    IReadOnlyList<StageInput> Unavailable,
    int NextTaskId);
