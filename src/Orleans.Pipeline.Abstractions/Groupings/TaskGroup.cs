using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Groupings;

/// <summary>One task of a stage: its id, key, first-choice node and inputs. Equality compares contents.</summary>
/// <param name="TaskId">Unique within the job; ids count up through the job in stage order, then group order.</param>
/// <param name="Key">The task's group key (see <see cref="GroupKey"/>).</param>
/// <param name="Node">
/// Where the task runs on its first attempt if that silo is live: the node its inputs were assigned to (for
/// <c>group_label</c> and <c>group_all</c>, the one holding most of them), or <see cref="GroupKey.OffClusterNode"/>
/// when its inputs are off the cluster or it has none, meaning any silo.
/// </param>
/// <param name="Inputs">The task's inputs, ordered by label, then id.</param>
[GenerateSerializer]
public sealed record TaskGroup(
    [property: Id(0)] int TaskId,
    [property: Id(1)] GroupKey Key,
    [property: Id(2)] string Node,
    [property: Id(3)] IReadOnlyList<StageInput> Inputs)
{
    /// <summary>The label given to the task.</summary>
    public int Label => Key.Label;

    public bool Equals(TaskGroup? other) =>
        other is not null
        && TaskId == other.TaskId
        && Key == other.Key
        && string.Equals(Node, other.Node, StringComparison.Ordinal)
        && SequenceEquality.ListEquals(Inputs, other.Inputs);

    public override int GetHashCode() => HashCode.Combine(TaskId, Key, Node, SequenceEquality.ListHash(Inputs));

    /// <summary><c>task 7 (2, silo1) on silo1, 3 inputs</c>.</summary>
    public override string ToString() =>
        $"task {TaskId} {Key} on {(Node.Length == 0 ? "any node" : Node)}, {Inputs.Count} inputs";
}
