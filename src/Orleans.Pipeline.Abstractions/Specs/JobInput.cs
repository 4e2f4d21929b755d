using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Specs;

/// <summary>
/// One input of a job: a label and the places it can be read from. Several locations are replicas of the same
/// data; the scheduler reads one of them (the first live one, in this order).
/// </summary>
/// <param name="Label">The label the first stage sees, a whole number from 0 up; 0 when a job file omits it.</param>
/// <param name="Locations">The replicas of this input, at least one.</param>
[GenerateSerializer]
public sealed record JobInput(
    [property: Id(0)] int Label,
    [property: Id(1)] IReadOnlyList<Location> Locations)
{
    /// <summary>Equal when the labels are equal and the locations are equal in the same order.</summary>
    public bool Equals(JobInput? other) =>
        other is not null && Label == other.Label && SequenceEquality.ListEquals(Locations, other.Locations);

    public override int GetHashCode() => HashCode.Combine(Label, SequenceEquality.ListHash(Locations));
}
