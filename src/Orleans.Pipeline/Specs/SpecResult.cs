namespace Orleans.Pipeline.Specs;

/// <summary>A job spec that was read and checked: the spec if it is valid, otherwise every problem found.</summary>
public sealed class SpecResult
{
    /// <summary>A result with these problems; the spec is kept only when there are none.</summary>
    public SpecResult(JobSpec? spec, IReadOnlyList<SpecProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0 && spec is null)
        {
            throw new ArgumentException("A result with no problems needs a spec.", nameof(spec));
        }

        Problems = problems;
        Spec = problems.Count == 0 ? spec : null;
    }

    /// <summary>The spec; null when there are problems, since nothing may be created for a rejected spec.</summary>
    public JobSpec? Spec { get; }

    /// <summary>Every problem, in the order of the file (or of the spec's fields); empty when valid.</summary>
    public IReadOnlyList<SpecProblem> Problems { get; }

    /// <summary>Whether there are no problems (then <see cref="Spec"/> is set).</summary>
    public bool IsValid => Spec is not null;

    /// <summary>The spec, or a <see cref="SpecValidationException"/> carrying every problem.</summary>
    public JobSpec GetSpecOrThrow() => Spec ?? throw new SpecValidationException(Problems);
}
