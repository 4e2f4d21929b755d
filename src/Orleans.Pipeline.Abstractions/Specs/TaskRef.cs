using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Specs;

/// <summary>
/// The code a stage runs for each of its tasks: either a named function or an external program, with parameters
/// passed to every task. A valid task sets exactly one of <see cref="FunctionName"/> and <see cref="CommandLine"/>;
/// <see cref="Kind"/> is null otherwise.
/// </summary>
/// <param name="FunctionName">The name of a built-in or plugin function (<c>task.function</c> in job files).</param>
/// <param name="CommandLine">The program to start and its arguments (<c>task.program</c> in job files).</param>
/// <param name="Params">Parameters given to every task of the stage (<c>task.params</c>); empty by default.</param>
[GenerateSerializer]
public sealed record TaskRef(
    [property: Id(0)] string? FunctionName,
    [property: Id(1)] string? CommandLine,
    [property: Id(2)] IReadOnlyDictionary<string, string> Params)
{
    /// <summary>Function or program, or null when both or neither are set.</summary>
    public TaskKind? Kind => (FunctionName is not null, CommandLine is not null) switch
    {
        (true, false) => TaskKind.Function,
        (false, true) => TaskKind.Program,
        _ => null,
    };

    /// <summary>Runs the function called <paramref name="name"/> with the given parameters.</summary>
    public static TaskRef Function(string name, params (string Key, string Value)[] parameters) =>
        new(name, null, ToDictionary(parameters));

    /// <summary>Runs the external program <paramref name="commandLine"/> with the given parameters.</summary>
    public static TaskRef Program(string commandLine, params (string Key, string Value)[] parameters) =>
        new(null, commandLine, ToDictionary(parameters));

    /// <summary>Equal when function, program and parameters are equal (parameter order does not matter).</summary>
    public bool Equals(TaskRef? other) =>
        other is not null
        && string.Equals(FunctionName, other.FunctionName, StringComparison.Ordinal)
        && string.Equals(CommandLine, other.CommandLine, StringComparison.Ordinal)
        && SequenceEquality.MapEquals(Params, other.Params);

    public override int GetHashCode() => HashCode.Combine(FunctionName, CommandLine, SequenceEquality.MapHash(Params));

    /// <summary><c>function wordcount_map</c> or <c>program ./count.py</c>.</summary>
    public override string ToString() => Kind switch
    {
        TaskKind.Function => "function " + FunctionName,
        TaskKind.Program => "program " + CommandLine,
        _ => "invalid task",
    };

    private static Dictionary<string, string> ToDictionary((string Key, string Value)[] parameters)
    {
        // Later values win, as with a key written twice in a file's params.
        var result = new Dictionary<string, string>(parameters.Length, StringComparer.Ordinal);
        foreach (var (key, value) in parameters)
        {
            result[key] = value;
        }

        return result;
    }
}
