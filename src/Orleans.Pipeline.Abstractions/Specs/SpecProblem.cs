using System.Globalization;
using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Specs;

/// <summary>
/// One thing wrong with a job spec: where it is and what to do about it.
/// </summary>
/// <param name="Path">
/// The field, written as in job files: <c>name</c>, <c>stages[1].grouping</c>, <c>inputs[0].locations[2].url</c>.
/// Empty when the problem is the file as a whole (e.g. malformed YAML); the message then says where.
/// </param>
/// <param name="Message">What is wrong and how to fix it.</param>
/// <param name="Line">The 1-based line in the job file, when the spec was read from one; null otherwise.</param>
/// <param name="Column">The 1-based column in the job file, when the spec was read from one; null otherwise.</param>
[GenerateSerializer]
public sealed record SpecProblem(
    [property: Id(0)] string Path,
    [property: Id(1)] string Message,
    [property: Id(2)] int? Line = null,
    [property: Id(3)] int? Column = null)
{
    /// <summary><c>stages[1].grouping: unknown grouping 'x'; use one of … (line 12, column 15)</c>.</summary>
    public override string ToString()
    {
        if (Path.Length == 0)
        {
            return Message;
        }

        return Line is { } line && Column is { } column
            ? string.Create(CultureInfo.InvariantCulture, $"{Path}: {Message} (line {line}, column {column})")
            : Path + ": " + Message;
    }
}
