using System.Globalization;

namespace Orleans.Pipeline.Specs;

/// <summary>
/// Checks a job spec at submission and lists every problem, each with the path of its field and what to do.
/// Pure and total: any spec, including one with null members from a faulty client, gives a list, never an
/// exception. Whether inputs can be read needs I/O and is checked by <see cref="ValidateAsync"/> through an
/// <see cref="IInputCheck"/> the caller supplies.
/// </summary>
public static class JobSpecValidator
{
    /// <summary>The longest job or stage name accepted: 100 characters.</summary>
    public const int MaxNameLength = 100;

    private const string NameRule = "use only letters, digits, '.', '_' and '-'";

    /// <summary>
    /// Every problem with <paramref name="spec"/>, in field order; empty when it is valid. Function names are
    /// checked against <paramref name="functions"/>; when it is null they are not checked (e.g. on a client that
    /// leaves this to the cluster).
    /// </summary>
    public static IReadOnlyList<SpecProblem> Validate(JobSpec spec, IFunctionCatalog? functions) => Check(spec, functions);

    private static List<SpecProblem> Check(JobSpec spec, IFunctionCatalog? functions)
    {
        var problems = new List<SpecProblem>();
        if (spec is null)
        {
            problems.Add(new SpecProblem(string.Empty, "no job spec was given"));
            return problems;
        }

        CheckName(spec.Name, "name", "job", problems);
        CheckInputs(spec.Inputs, problems);
        CheckStages(spec.Stages, functions, problems);
        CheckLimits(spec.Limits, problems);
        return problems;
    }

    /// <summary>
    /// <see cref="Validate"/>, then, for the locations that are well formed, whether they can be read, through
    /// <paramref name="inputs"/>. A location that cannot be read is reported at its path, e.g.
    /// <c>inputs[0].locations[1]: cannot read silo0:/data/a.txt: no such file; …</c>.
    /// </summary>
    public static async ValueTask<IReadOnlyList<SpecProblem>> ValidateAsync(
        JobSpec spec, IFunctionCatalog? functions, IInputCheck inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var problems = Check(spec, functions);
        if (spec?.Inputs is null)
        {
            return problems;
        }

        var locations = new List<Location>();
        var paths = new List<string>();
        for (var i = 0; i < spec.Inputs.Count; i++)
        {
            var replicas = spec.Inputs[i]?.Locations;
            for (var j = 0; j < (replicas?.Count ?? 0); j++)
            {
                var path = LocationPath(i, j);
                if (replicas![j] is { } location && !problems.Exists(p => p.Path == path || p.Path.StartsWith(path + ".", StringComparison.Ordinal)))
                {
                    locations.Add(location);
                    paths.Add(path);
                }
            }
        }

        if (locations.Count == 0)
        {
            return problems;
        }

        var answers = await inputs.CheckAsync(locations, cancellationToken).ConfigureAwait(false);
        if (answers is null || answers.Count != locations.Count)
        {
            throw new InvalidOperationException($"The input check answered {answers?.Count ?? 0} times for {locations.Count} locations; it must answer once per location.");
        }

        var unreadable = new List<SpecProblem>();
        for (var k = 0; k < locations.Count; k++)
        {
            if (answers[k] is { } reason)
            {
                unreadable.Add(new SpecProblem(paths[k], $"cannot read {locations[k]}: {reason}; check that it exists and can be read, or remove this location"));
            }
        }

        // Keep field order: the unreadable locations belong with the other input problems, before the stages'.
        var firstAfterInputs = problems.FindIndex(static p => p.Path.StartsWith("stages", StringComparison.Ordinal) || p.Path.StartsWith("limits", StringComparison.Ordinal));
        problems.InsertRange(firstAfterInputs < 0 ? problems.Count : firstAfterInputs, unreadable);
        return problems;
    }

    /// <summary>Throws a <see cref="SpecValidationException"/> listing every problem, if there is any.</summary>
    public static void ThrowIfInvalid(JobSpec spec, IFunctionCatalog? functions)
    {
        var problems = Validate(spec, functions);
        if (problems.Count > 0)
        {
            throw new SpecValidationException(problems);
        }
    }

    private static void CheckName(string? name, string path, string what, List<SpecProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add(new SpecProblem(path, $"a {what} needs a name; {NameRule}"));
        }
        else if (name.Length > MaxNameLength)
        {
            problems.Add(new SpecProblem(path, $"the name is {name.Length} characters long; a {what} name has at most {MaxNameLength}"));
        }
        else if (!name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') || name.All(static c => c == '.'))
        {
            // Names become grain keys and directory names: '/', spaces and names such as ".." are kept out.
            problems.Add(new SpecProblem(path, $"'{name}' cannot be a {what} name; {NameRule} (and not only dots)"));
        }
    }

    private static void CheckInputs(IReadOnlyList<JobInput>? inputs, List<SpecProblem> problems)
    {
        if (inputs is null || inputs.Count == 0)
        {
            problems.Add(new SpecProblem("inputs", "a job needs at least one input; add one with a label and locations"));
            return;
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            var path = "inputs[" + Number(i) + "]";
            if (inputs[i] is not { } input)
            {
                problems.Add(new SpecProblem(path, "the input is empty; give it a label and locations"));
                continue;
            }

            if (input.Label < 0)
            {
                problems.Add(new SpecProblem(path + ".label", $"label {Number(input.Label)} is negative; labels are whole numbers from 0 up"));
            }

            if (input.Locations is null || input.Locations.Count == 0)
            {
                problems.Add(new SpecProblem(path + ".locations", "an input needs at least one location: {node, path} for a file on a silo, {url} or {text}"));
                continue;
            }

            for (var j = 0; j < input.Locations.Count; j++)
            {
                CheckLocation(input.Locations[j], LocationPath(i, j), problems);
            }
        }
    }

    private static void CheckLocation(Location? location, string path, List<SpecProblem> problems)
    {
        if (location is null)
        {
            problems.Add(new SpecProblem(path, "the location is empty; give node and path (a file on a silo), url, or text"));
            return;
        }

        var isFile = location.Node is not null || location.Path is not null;
        var kinds = new List<string>(3);
        if (isFile)
        {
            kinds.Add(location.Node is not null && location.Path is not null ? "node and path" : location.Node is not null ? "node" : "path");
        }

        if (location.Url is not null)
        {
            kinds.Add("url");
        }

        if (location.Text is not null)
        {
            kinds.Add("text");
        }

        if (kinds.Count == 0)
        {
            problems.Add(new SpecProblem(path, "a location needs node and path (a file on a silo), url, or text"));
            return;
        }

        if (kinds.Count > 1)
        {
            problems.Add(new SpecProblem(path, $"a location has one of node and path, url, or text, but this one has {string.Join(" and ", kinds)}; make each its own location"));
            return;
        }

        if (isFile)
        {
            CheckFile(location.Node, location.Path, path, problems);
        }
        else if (location.Url is { } url
            && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0))
        {
            problems.Add(new SpecProblem(path + ".url", $"'{url}' is not an http:// or https:// URL; give the full URL of the file"));
        }
    }

    private static void CheckFile(string? node, string? filePath, string path, List<SpecProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(node))
        {
            var of = string.IsNullOrEmpty(filePath) ? "the file" : $"'{filePath}'";
            problems.Add(new SpecProblem(path + ".node", $"a file needs the name of the silo that holds it; give the silo holding {of}"));
        }

        if (string.IsNullOrWhiteSpace(filePath))
        {
            var on = string.IsNullOrWhiteSpace(node) ? "its silo" : $"silo '{node}'";
            problems.Add(new SpecProblem(path + ".path", $"a file needs its path; give the absolute path of the file on {on}"));
        }
        else if (!IsAbsolute(filePath))
        {
            var on = string.IsNullOrWhiteSpace(node) ? "its silo" : $"silo '{node}'";
            problems.Add(new SpecProblem(path + ".path", $"'{filePath}' is not an absolute path; give the full path of the file on {on}, starting with '/'"));
        }
    }

    // Silos may run on Linux or Windows: '/data/a.txt', 'C:\data\a.txt', 'C:/data/a.txt' and '\\server\share\a.txt' are absolute.
    private static bool IsAbsolute(string path) =>
        path.StartsWith('/')
        || path.StartsWith(@"\\", StringComparison.Ordinal)
        || (path.Length >= 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '\\' or '/');

    private static void CheckStages(IReadOnlyList<StageSpec>? stages, IFunctionCatalog? functions, List<SpecProblem> problems)
    {
        if (stages is null || stages.Count == 0)
        {
            problems.Add(new SpecProblem("stages", "a job needs at least one stage"));
            return;
        }

        var firstWithName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < stages.Count; i++)
        {
            var path = "stages[" + Number(i) + "]";
            if (stages[i] is not { } stage)
            {
                problems.Add(new SpecProblem(path, "the stage is empty; give it a name, grouping and task"));
                continue;
            }

            CheckName(stage.Name, path + ".name", "stage", problems);
            if (!string.IsNullOrWhiteSpace(stage.Name) && !firstWithName.TryAdd(stage.Name, i))
            {
                problems.Add(new SpecProblem(path + ".name", $"stage name '{stage.Name}' is already used by stages[{Number(firstWithName[stage.Name])}]; give each stage its own name"));
            }

            if (!Enum.IsDefined(stage.Grouping))
            {
                problems.Add(new SpecProblem(path + ".grouping", $"unknown grouping {Number((int)stage.Grouping)}; use one of {GroupingNames.All}"));
            }

            CheckTask(stage, path, functions, problems);
        }
    }

    private static void CheckTask(StageSpec stage, string stagePath, IFunctionCatalog? functions, List<SpecProblem> problems)
    {
        var path = stagePath + ".task";
        if (stage.Task is not { } task)
        {
            problems.Add(new SpecProblem(path, "a stage needs a task: {function: NAME} or {program: COMMAND LINE}"));
            return;
        }

        switch (task.FunctionName, task.CommandLine)
        {
            case (null, null):
                problems.Add(new SpecProblem(path, "a task needs a function or a program: {function: NAME} or {program: COMMAND LINE}"));
                break;
            case (not null, not null):
                problems.Add(new SpecProblem(path, "a task has a function or a program, not both; keep one"));
                break;
            case ({ } function, null):
                CheckFunction(function, stage.Concurrent, stagePath, functions, problems);
                break;
            case (null, { } program) when string.IsNullOrWhiteSpace(program):
                problems.Add(new SpecProblem(path + ".program", "the command line is empty; give the program to run and its arguments"));
                break;
        }

        if (task.Params is null)
        {
            return;
        }

        foreach (var (key, value) in task.Params)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                problems.Add(new SpecProblem(path + ".params", "a parameter has an empty name; name every parameter"));
            }
            else if (value is null)
            {
                problems.Add(new SpecProblem(path + ".params." + key, $"parameter '{key}' has no value; write \"\" for an empty one"));
            }
        }
    }

    private static void CheckFunction(string function, bool concurrent, string stagePath, IFunctionCatalog? functions, List<SpecProblem> problems)
    {
        var path = stagePath + ".task.function";
        if (string.IsNullOrWhiteSpace(function))
        {
            problems.Add(new SpecProblem(path, "the function name is empty; give the name of a built-in or plugin function"));
            return;
        }

        if (functions is null)
        {
            return;
        }

        if (!functions.Exists(function))
        {
            var hint = Spelling.Closest(function, functions.Names) is { } closest
                ? $"did you mean '{closest}'?"
                : "use a built-in function or one from a plugin assembly on the silos' plugin path";
            problems.Add(new SpecProblem(path, $"unknown function '{function}'; {hint}"));
            return;
        }

        if (concurrent && functions.NeedsAllInputs(function))
        {
            problems.Add(new SpecProblem(stagePath + ".concurrent", $"'{function}' needs all its inputs before it starts, so its stage cannot be concurrent; set concurrent to false"));
        }
    }

    private static void CheckLimits(JobLimits? limits, List<SpecProblem> problems)
    {
        if (limits is null)
        {
            problems.Add(new SpecProblem("limits", "the limits are missing; leave them out of a job file to get the defaults"));
            return;
        }

        if (limits.MaxTaskFailures < 1)
        {
            problems.Add(new SpecProblem(
                "limits.maxTaskFailures",
                $"must be at least 1 (1 means no retry), got {Number(limits.MaxTaskFailures)}; the default is {Number(JobLimits.DefaultMaxTaskFailures)}"));
        }

        if (limits.TaskTimeout <= TimeSpan.Zero)
        {
            problems.Add(new SpecProblem(
                "limits.taskTimeout",
                $"must be longer than zero, got {limits.TaskTimeout.ToString("c", CultureInfo.InvariantCulture)}; the default is {JobLimits.DefaultTaskTimeout.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes"));
        }
    }

    internal static string LocationPath(int input, int location) => "inputs[" + Number(input) + "].locations[" + Number(location) + "]";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
