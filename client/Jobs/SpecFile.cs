using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Client.Jobs;

/// <summary>
/// Reads a job file (JSON or YAML by its extension) and checks it here, before anything is sent: syntax, fields,
/// groupings, names, limits. Function names and inputs depend on the cluster (its plugins, its silos' files), so the
/// cluster checks them again at submission.
/// </summary>
internal static class SpecFile
{
    public static JobSpec Read(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!JobSpecReader.TryGetFormat(file, out var format))
        {
            throw new CommandException(ExitCodes.BadInput, $"'{file}' is not a job file: name it .json, .yaml or .yml (the extension says how to read it).");
        }

        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new CommandException(ExitCodes.BadInput, $"Cannot read job file '{file}': {error.Message}", error);
        }

        // Malformed text is a problem of the result too (with its line and column), never an exception.
        var result = JobSpecReader.Read(text, format);
        if (!result.IsValid)
        {
            throw new CommandException(ExitCodes.BadInput, Describe(file, result.Problems));
        }

        return result.Spec!;
    }

    /// <summary><c>job.yaml has 2 problems:</c> and one indented line per problem, with its field path.</summary>
    public static string Describe(string file, IReadOnlyList<SpecProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var header = problems.Count == 1 ? $"{file} has 1 problem; nothing was submitted:" : $"{file} has {problems.Count} problems; nothing was submitted:";
        return header + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p));
    }
}
