namespace Orleans.Pipeline.Specs;

/// <summary>The names groupings have in job files: <c>split</c>, <c>group_label</c>, <c>group_node</c>, <c>group_node_label</c>, <c>group_all</c>.</summary>
public static class GroupingNames
{
    private static readonly string[] Names = ["split", "group_label", "group_node", "group_node_label", "group_all"];

    /// <summary>Every name, in declaration order, comma separated: what an error message offers to choose from.</summary>
    public static string All { get; } = string.Join(", ", Names);

    /// <summary>The job file name of <paramref name="grouping"/>, e.g. <c>group_label</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined grouping.</exception>
    public static string ToName(this Grouping grouping) =>
        (uint)grouping < (uint)Names.Length
            ? Names[(int)grouping]
            : throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "Not a defined grouping.");

    /// <summary>Reads a job file name (exact, lower case) into a grouping.</summary>
    public static bool TryParse(string? name, out Grouping grouping)
    {
        var index = Array.IndexOf(Names, name);
        grouping = index < 0 ? default : (Grouping)index;
        return index >= 0;
    }
}
