using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Specs;

/// <summary>
/// A pipeline job as submitted: its inputs and the stages they flow through, in order. A spec is plain data; it is
/// checked when submitted (the job validator in <c>Orleans.Pipeline</c> lists every problem), so a spec built or
/// read with mistakes can still be represented and reported on. Equality compares contents.
/// </summary>
/// <param name="Name">The job's name; letters, digits, '.', '_' and '-'.</param>
/// <param name="Inputs">The job's inputs, at least one.</param>
/// <param name="Stages">The stages, in pipeline order, at least one.</param>
/// <param name="Limits">Failure and time limits; <see cref="JobLimits.Default"/> when a job file omits them.</param>
[GenerateSerializer]
public sealed record JobSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<JobInput> Inputs,
    [property: Id(2)] IReadOnlyList<StageSpec> Stages,
    [property: Id(3)] JobLimits Limits)
{
    /// <summary>Starts building a job called <paramref name="name"/> in code.</summary>
    public static JobSpecBuilder Create(string name) => new(name);

    /// <summary>Equal when name, limits, inputs and stages (in order) are equal.</summary>
    public bool Equals(JobSpec? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && Equals(Limits, other.Limits)
        && SequenceEquality.ListEquals(Inputs, other.Inputs)
        && SequenceEquality.ListEquals(Stages, other.Stages);

    public override int GetHashCode() =>
        HashCode.Combine(Name, Limits, SequenceEquality.ListHash(Inputs), SequenceEquality.ListHash(Stages));
}
