using Orleans.Pipeline.Specs.Syntax;

namespace Orleans.Pipeline.Specs;

/// <summary>
/// Reads job files (JSON or YAML, same fields) and checks them, reporting every problem with its field path and its
/// line and column in the file. The text is given; reading the file is the caller's business.
/// <code>
/// name: wordcount
/// inputs:
///   - label: 0
///     locations: [{node: silo0, path: /data/a.txt}, {url: https://example.org/a.txt}]
///   - locations: [{text: "inline content"}]          # label 0 when omitted
/// stages:
///   - name: map
///     grouping: split                                  # split, group_label, group_node, group_node_label, group_all
///     task: {function: wordcount_map, params: {partitions: 8}}
///   - name: reduce
///     grouping: group_label
///     task: {function: wordcount_reduce}
///     concurrent: true                                 # default false
/// limits: {maxTaskFailures: 3, taskTimeout: 10m}       # the defaults; taskTimeout: 600, 90s, 10m, 1h or 00:10:00
/// </code>
/// A task is <c>{function: NAME}</c> or <c>{program: COMMAND LINE}</c>; parameter values may be written as text,
/// numbers or booleans and are passed as text.
/// </summary>
public static class JobSpecReader
{
    /// <summary>
    /// Reads and validates <paramref name="text"/>: syntax, field types and every check of
    /// <see cref="JobSpecValidator.Validate"/> (function names only when <paramref name="functions"/> is given).
    /// Malformed text (an unclosed bracket or quote, a tab indenting YAML, truncated JSON, nesting deeper than 64
    /// levels) is a problem of the result with its line and column too, never an exception.
    /// </summary>
    public static SpecResult Read(string text, SpecFormat format, IFunctionCatalog? functions = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var syntax = format switch
        {
            SpecFormat.Json => JsonSyntax.Parse(text),
            SpecFormat.Yaml => YamlSyntax.Parse(text),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a spec format."),
        };

        if (syntax.Problem is { } malformed)
        {
            return new SpecResult(null, [malformed]);
        }

        var tree = SpecTreeReader.Read(syntax.Root!);
        var problems = new List<SpecProblem>(tree.Problems);

        // The validator sees what the reader could not read as empty; a path the reader already reported on (or
        // one inside it) would only be reported a second time.
        foreach (var problem in JobSpecValidator.Validate(tree.Spec, functions))
        {
            if (!problems.Exists(reported => IsAtOrInside(problem.Path, reported.Path)))
            {
                problems.Add(Locate(problem, tree.Positions));
            }
        }

        // Problems in the order of the file, so they read top to bottom; OrderBy is stable for equal positions.
        var ordered = problems.OrderBy(static p => p.Line ?? int.MaxValue).ThenBy(static p => p.Column ?? int.MaxValue).ToList();
        return new SpecResult(ordered.Count == 0 ? tree.Spec : null, ordered);
    }

    /// <summary>The format of a job file by its extension: <c>.json</c>, <c>.yaml</c> or <c>.yml</c> (any case).</summary>
    public static bool TryGetFormat(string fileName, out SpecFormat format)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        switch (System.IO.Path.GetExtension(fileName).ToUpperInvariant())
        {
            case ".JSON":
                format = SpecFormat.Json;
                return true;
            case ".YAML" or ".YML":
                format = SpecFormat.Yaml;
                return true;
            default:
                format = default;
                return false;
        }
    }

    // A problem with the whole tree (its root is not a mapping) covers every path.
    private static bool IsAtOrInside(string path, string reported) =>
        reported.Length == 0
        || (path.StartsWith(reported, StringComparison.Ordinal) && (path.Length == reported.Length || path[reported.Length] is '.' or '['));

    /// <summary>Gives a validator problem the position of its field, or of the nearest enclosing field that was written.</summary>
    private static SpecProblem Locate(SpecProblem problem, IReadOnlyDictionary<string, (int Line, int Column)> positions)
    {
        var path = problem.Path;
        while (true)
        {
            if (positions.TryGetValue(path, out var position))
            {
                return problem with { Line = position.Line, Column = position.Column };
            }

            if (path.Length == 0)
            {
                return problem;
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            path = cut < 0 ? string.Empty : path[..cut];
        }
    }
}
