namespace Orleans.Pipeline.Specs;

/// <summary>
/// A job spec was rejected. <see cref="Problems"/> lists every problem found, and the message lists them one per
/// line, so the whole report survives where only the message is carried (e.g. across a grain call).
/// </summary>
public sealed class SpecValidationException : Exception
{
    /// <summary>A rejection with these problems (at least one).</summary>
    public SpecValidationException(IReadOnlyList<SpecProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>A rejection known only by its message (e.g. rebuilt on the far side of a call); <see cref="Problems"/> is empty.</summary>
    public SpecValidationException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    /// <summary>A rejection known only by its message; <see cref="Problems"/> is empty.</summary>
    public SpecValidationException(string message)
        : this(message, null)
    {
    }

    /// <summary>An empty rejection; <see cref="Problems"/> is empty.</summary>
    public SpecValidationException()
        : this("The job spec is not valid.", null)
    {
    }

    /// <summary>Every problem found, in the order of the spec's fields.</summary>
    public IReadOnlyList<SpecProblem> Problems { get; }

    private static string Describe(IReadOnlyList<SpecProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var header = problems.Count == 1 ? "The job spec has 1 problem:" : $"The job spec has {problems.Count} problems:";
        return header + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(static p => "  " + p));
    }
}
