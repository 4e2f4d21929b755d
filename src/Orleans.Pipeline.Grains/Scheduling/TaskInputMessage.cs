using Orleans.Pipeline.Groupings;
using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Grains.Scheduling;

/// <summary>
/// An item of a running attempt's input stream (a task of a concurrent stage): one more input, or the end of the
/// inputs with how many there are in all, so the broker can tell a complete set from one that lost an item.
/// </summary>
[GenerateSerializer]
public sealed record TaskInputMessage(
    [property: Id(0)] StageInput? Input,
    [property: Id(1)] int Total = 0)
{
    /// <summary>The stream provider the pipeline registers on every silo.</summary>
    public const string StreamProvider = "pipeline";

    /// <summary>The namespace of the input streams; the key is <see cref="StreamKey"/>.</summary>
    public const string StreamNamespace = "task-inputs";

    /// <summary>One stream per attempt, so a new attempt never sees its predecessor's items.</summary>
    public static string StreamKey(string jobId, int taskId, int attempt) => $"{jobId}/{taskId}/{attempt}";
}
