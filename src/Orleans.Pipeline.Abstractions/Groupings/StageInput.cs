using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Groupings;

/// <summary>
/// One labeled input a stage receives: a job input for the first stage, an output of a task of the previous stage
/// after that. Equality compares contents.
/// </summary>
/// <param name="Id">
/// Unique within the stage and stable (e.g. <c>input-3</c>, or the producing task and output number). Groupings
/// order by it where nothing else decides, so the same inputs always give the same tasks.
/// </param>
/// <param name="Label">The input's label, from 0 up.</param>
/// <param name="Replicas">
/// Where it can be read, in a stable order of preference: a file on a silo, a URL, or inline text. A file replica's
/// node decides where the input counts as being; URLs and inline text count as <see cref="GroupKey.OffClusterNode"/>.
/// </param>
[GenerateSerializer]
public sealed record StageInput(
    [property: Id(0)] string Id,
    [property: Id(1)] int Label,
    [property: Id(2)] IReadOnlyList<Location> Replicas)
{
    /// <summary>An input with a single replica.</summary>
    public StageInput(string id, int label, Location location)
        : this(id, label, [location])
    {
    }

    public bool Equals(StageInput? other) =>
        other is not null
        && string.Equals(Id, other.Id, StringComparison.Ordinal)
        && Label == other.Label
        && SequenceEquality.ListEquals(Replicas, other.Replicas);

    public override int GetHashCode() => HashCode.Combine(Id, Label, SequenceEquality.ListHash(Replicas));

    /// <summary><c>input-3 (label 2)</c>.</summary>
    public override string ToString() => $"{Id} (label {Label})";
}
