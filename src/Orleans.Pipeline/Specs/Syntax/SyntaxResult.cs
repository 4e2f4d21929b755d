namespace Orleans.Pipeline.Specs.Syntax;

/// <summary>The tree of a job file, or the problem that kept it from being read (malformed file).</summary>
internal readonly record struct SyntaxResult(SpecNode? Root, SpecProblem? Problem)
{
    public static SyntaxResult Malformed(string format, int line, int column, string reason) =>
        new(null, new SpecProblem(
            string.Empty,
            $"malformed {format} at line {line}, column {column}: {reason}; fix the file and submit it again",
            line,
            column));
}
