namespace Orleans.Pipeline.Specs;

/// <summary>
/// How a stage turns the labeled inputs it receives into tasks. The group key of an input is its (label, node);
/// see <see cref="GroupingNames"/> for the names used in job files.
/// </summary>
public enum Grouping
{
    /// <summary><c>split</c>: one task per input, even when two inputs share label and node; the task's label is the input's.</summary>
    Split = 0,

    /// <summary><c>group_label</c>: one task per distinct label, across nodes; the task's label is that label.</summary>
    GroupLabel = 1,

    /// <summary><c>group_node</c>: one task per node holding inputs; the task's label is 0.</summary>
    GroupNode = 2,

    /// <summary><c>group_node_label</c>: one task per distinct (label, node); the task's label is that label.</summary>
    GroupNodeLabel = 3,

    /// <summary><c>group_all</c>: exactly one task for the whole stage, even when it has no input; the task's label is 0.</summary>
    GroupAll = 4,
}
