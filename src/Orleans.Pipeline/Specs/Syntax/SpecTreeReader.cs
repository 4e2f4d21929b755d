using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Pipeline.Specs.Syntax;

/// <summary>
/// Turns a job file's tree into a <see cref="JobSpec"/>, reporting what the tree's shape gets wrong: a field of the
/// wrong type, an unknown or repeated field, an unknown grouping, a missing grouping, a value that is not a number
/// or duration. What it cannot read is left empty in the spec, and the problem's path marks it, so that the
/// validator's checks of the same spec add only problems elsewhere. Records where each field was written.
/// </summary>
internal sealed partial class SpecTreeReader
{
    private static readonly string[] JobFields = ["name", "inputs", "stages", "limits"];
    private static readonly string[] InputFields = ["label", "locations"];
    private static readonly string[] LocationFields = ["node", "path", "url", "text"];
    private static readonly string[] StageFields = ["name", "grouping", "task", "concurrent"];
    private static readonly string[] TaskFields = ["function", "program", "params"];
    private static readonly string[] LimitsFields = ["maxTaskFailures", "taskTimeout"];

    private readonly List<SpecProblem> _problems = [];
    private readonly Dictionary<string, (int Line, int Column)> _positions = new(StringComparer.Ordinal);

    private SpecTreeReader()
    {
    }

    /// <summary>Problems with the tree's shape, in the order met.</summary>
    public IReadOnlyList<SpecProblem> Problems => _problems;

    /// <summary>Where each field path was written (its value's position; a list item's position for <c>stages[2]</c>).</summary>
    public IReadOnlyDictionary<string, (int Line, int Column)> Positions => _positions;

    /// <summary>The spec as far as it could be read.</summary>
    public JobSpec Spec { get; private set; } = null!;

    public static SpecTreeReader Read(SpecNode root)
    {
        var reader = new SpecTreeReader();
        reader.Spec = reader.ReadJob(root);
        return reader;
    }

    private JobSpec ReadJob(SpecNode root)
    {
        _positions[string.Empty] = (root.Line, root.Column);
        var fields = ReadMapping(root, string.Empty, "a job spec: a mapping with name, inputs, stages and (optionally) limits", JobFields);
        if (fields is null)
        {
            return new JobSpec(string.Empty, [], [], JobLimits.Default);
        }

        var name = ReadString(fields, "name", string.Empty) ?? string.Empty;
        var inputs = ReadList(fields, "inputs", string.Empty, "a list of inputs", ReadInput);
        var stages = ReadList(fields, "stages", string.Empty, "a list of stages", ReadStage);
        var limits = fields.TryGetValue("limits", out var limitsNode) && !IsNull(limitsNode)
            ? ReadLimits(limitsNode, "limits")
            : JobLimits.Default;
        return new JobSpec(name, inputs, stages, limits);
    }

    private JobInput ReadInput(SpecNode node, string path)
    {
        var fields = ReadMapping(node, path, "an input: a mapping with label and locations", InputFields);
        if (fields is null)
        {
            return new JobInput(0, []);
        }

        var label = ReadInt(fields, "label", path) ?? 0;
        var locations = ReadList(fields, "locations", path, "a list of locations", ReadLocation);
        return new JobInput(label, locations);
    }

    private Location ReadLocation(SpecNode node, string path)
    {
        var fields = ReadMapping(node, path, "a location: a mapping with node and path, url, or text", LocationFields);
        if (fields is null)
        {
            // Reported here; a file location with empty parts keeps the validator from reporting it again elsewhere.
            return Location.OnNode(string.Empty, string.Empty);
        }

        return new Location(
            ReadString(fields, "node", path),
            ReadString(fields, "path", path),
            ReadString(fields, "url", path),
            ReadString(fields, "text", path));
    }

    private StageSpec ReadStage(SpecNode node, string path)
    {
        var fields = ReadMapping(node, path, "a stage: a mapping with name, grouping, task and (optionally) concurrent", StageFields);
        if (fields is null)
        {
            return new StageSpec(string.Empty, Grouping.Split, TaskRef.Function(string.Empty));
        }

        var name = ReadString(fields, "name", path) ?? string.Empty;
        var grouping = ReadGrouping(fields, path);
        TaskRef task = null!;
        if (fields.TryGetValue("task", out var taskNode) && !IsNull(taskNode))
        {
            task = ReadTask(taskNode, Join(path, "task"));
        }

        var concurrent = ReadBool(fields, "concurrent", path) ?? false;
        return new StageSpec(name, grouping, task, concurrent);
    }

    private Grouping ReadGrouping(Dictionary<string, SpecNode> fields, string stagePath)
    {
        var path = Join(stagePath, "grouping");
        if (!fields.TryGetValue("grouping", out var node) || IsNull(node))
        {
            Report(path, "a stage needs a grouping; use one of " + GroupingNames.All, PositionOf(stagePath));
            return Grouping.Split;
        }

        if (node is SpecScalar scalar && GroupingNames.TryParse(scalar.Text, out var grouping))
        {
            return grouping;
        }

        var written = node is SpecScalar text ? "'" + text.Text + "'" : node.Describe();
        Report(path, $"unknown grouping {written}; use one of {GroupingNames.All}", node);
        return Grouping.Split;
    }

    private TaskRef ReadTask(SpecNode node, string path)
    {
        var fields = ReadMapping(node, path, "a task: a mapping with function or program, and (optionally) params", TaskFields);
        if (fields is null)
        {
            return TaskRef.Function(string.Empty);
        }

        var function = ReadString(fields, "function", path);
        var program = ReadString(fields, "program", path);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fields.TryGetValue("params", out var paramsNode) && !IsNull(paramsNode))
        {
            var paramsPath = Join(path, "params");
            var entries = ReadMapping(paramsNode, paramsPath, "a mapping of parameter names to values", allowed: null);
            foreach (var (key, value) in entries ?? [])
            {
                var valuePath = Join(paramsPath, key);
                switch (value)
                {
                    case SpecScalar { Kind: ScalarKind.Null }:
                        Report(valuePath, $"parameter '{key}' has no value; write \"\" for an empty one", value);
                        break;
                    case SpecScalar scalar:
                        parameters[key] = scalar.Text;
                        break;
                    default:
                        Report(valuePath, $"a parameter's value is text, a number or true/false, not {value.Describe()}", value);
                        break;
                }
            }
        }

        return new TaskRef(function, program, parameters);
    }

    private JobLimits ReadLimits(SpecNode node, string path)
    {
        var fields = ReadMapping(node, path, "limits: a mapping with maxTaskFailures and taskTimeout", LimitsFields);
        if (fields is null)
        {
            return JobLimits.Default;
        }

        var failures = ReadInt(fields, "maxTaskFailures", path) ?? JobLimits.DefaultMaxTaskFailures;
        var timeout = JobLimits.DefaultTaskTimeout;
        if (fields.TryGetValue("taskTimeout", out var timeoutNode) && !IsNull(timeoutNode))
        {
            timeout = ReadDuration(timeoutNode, Join(path, "taskTimeout")) ?? timeout;
        }

        return new JobLimits(failures, timeout);
    }

    /// <summary>
    /// The fields of a mapping by key (each recorded with its position), or null after reporting that the node is
    /// not a mapping. Keys not in <paramref name="allowed"/> (unless it is null) and repeated keys are reported.
    /// </summary>
    private Dictionary<string, SpecNode>? ReadMapping(SpecNode node, string path, string expected, string[]? allowed)
    {
        if (node is not SpecMapping mapping)
        {
            Report(path, $"expected {expected}, got {node.Describe()}", node);
            return null;
        }

        var fields = new Dictionary<string, SpecNode>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            var fieldPath = Join(path, entry.Key);
            if (allowed is not null && Array.IndexOf(allowed, entry.Key) < 0)
            {
                Report(fieldPath, $"unknown field '{entry.Key}'; expected one of {string.Join(", ", allowed)}", (entry.Line, entry.Column));
                continue;
            }

            if (!fields.TryAdd(entry.Key, entry.Value))
            {
                Report(fieldPath, $"'{entry.Key}' is given twice; keep one", (entry.Line, entry.Column));
                continue;
            }

            _positions[fieldPath] = (entry.Value.Line, entry.Value.Column);
        }

        return fields;
    }

    private List<T> ReadList<T>(Dictionary<string, SpecNode> fields, string key, string parentPath, string expected, Func<SpecNode, string, T> readItem)
    {
        var result = new List<T>();
        if (!fields.TryGetValue(key, out var node) || IsNull(node))
        {
            return result;
        }

        var path = Join(parentPath, key);
        if (node is not SpecSequence sequence)
        {
            Report(path, $"expected {expected}, got {node.Describe()}", node);
            return result;
        }

        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = sequence.Items[i];
            var itemPath = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            _positions[itemPath] = (item.Line, item.Column);
            result.Add(readItem(item, itemPath));
        }

        return result;
    }

    /// <summary>A scalar's text (numbers and booleans as written); null when absent or null.</summary>
    private string? ReadString(Dictionary<string, SpecNode> fields, string key, string parentPath)
    {
        if (!fields.TryGetValue(key, out var node) || IsNull(node))
        {
            return null;
        }

        if (node is SpecScalar scalar)
        {
            return scalar.Text;
        }

        // Reported as a type error; an empty value keeps the validator from calling it missing as well.
        Report(Join(parentPath, key), $"expected text, got {node.Describe()}", node);
        return string.Empty;
    }

    private int? ReadInt(Dictionary<string, SpecNode> fields, string key, string parentPath)
    {
        if (!fields.TryGetValue(key, out var node) || IsNull(node))
        {
            return null;
        }

        if (node is SpecScalar { Kind: ScalarKind.Number } scalar
            && int.TryParse(scalar.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Report(Join(parentPath, key), $"expected a whole number, got {node.Describe()}", node);
        return null;
    }

    private bool? ReadBool(Dictionary<string, SpecNode> fields, string key, string parentPath)
    {
        if (!fields.TryGetValue(key, out var node) || IsNull(node))
        {
            return null;
        }

        if (node is SpecScalar { Kind: ScalarKind.Boolean } scalar)
        {
            return string.Equals(scalar.Text, "true", StringComparison.OrdinalIgnoreCase);
        }

        Report(Join(parentPath, key), $"expected true or false, got {node.Describe()}", node);
        return null;
    }

    /// <summary>Seconds as a number, a number with a unit (<c>500ms</c>, <c>30s</c>, <c>10m</c>, <c>2h</c>), or <c>hh:mm:ss</c>.</summary>
    private TimeSpan? ReadDuration(SpecNode node, string path)
    {
        if (node is SpecScalar scalar)
        {
            var text = scalar.Text.Trim();
            double? seconds = null;
            if (scalar.Kind == ScalarKind.Number && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain))
            {
                seconds = plain;
            }
            else if (DurationPattern().Match(text) is { Success: true } match
                && double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                seconds = match.Groups["unit"].Value switch
                {
                    "ms" => amount / 1000,
                    "s" => amount,
                    "m" => amount * 60,
                    _ => amount * 3600,
                };
            }
            else if (text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var clock))
            {
                return clock;
            }

            if (seconds is { } value)
            {
                if (double.IsFinite(value) && Math.Abs(value) < TimeSpan.MaxValue.TotalSeconds)
                {
                    return TimeSpan.FromSeconds(value);
                }

                Report(path, $"{node.Describe()} is too long for a duration; the default is {JobLimits.DefaultTaskTimeout.TotalMinutes:0} minutes", node);
                return null;
            }
        }

        Report(path, $"{node.Describe()} is not a duration; write seconds (600), a number with a unit (500ms, 30s, 10m, 2h) or hh:mm:ss", node);
        return null;
    }

    private static bool IsNull(SpecNode node) => node is SpecScalar { Kind: ScalarKind.Null };

    private (int Line, int Column)? PositionOf(string path) => _positions.TryGetValue(path, out var position) ? position : null;

    private void Report(string path, string message, SpecNode node) => Report(path, message, (node.Line, node.Column));

    private void Report(string path, string message, (int Line, int Column)? position) =>
        _problems.Add(new SpecProblem(path, message, position?.Line, position?.Column));

    internal static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    [GeneratedRegex(@"^(?<value>[0-9]+(?:\.[0-9]+)?)\s*(?<unit>ms|s|m|h)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
