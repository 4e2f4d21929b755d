using System.Text;
using Microsoft.Extensions.Logging;

namespace Orleans.Pipeline.Tasks.Tests.Support;

/// <summary>Runs a task function on in-memory inputs and returns its completed outputs.</summary>
internal static class TaskRunner
{
    public static TaskContext Context(
        ITaskInputs inputs,
        ITaskOutputs outputs,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? parameters = null,
        int groupLabel = 0,
        ILogger? logger = null) => new()
        {
            TaskId = 7,
            JobId = "job-1",
            JobName = "test job",
            StageName = "stage",
            GroupLabel = groupLabel,
            NodeName = "node-a",
            Parameters = parameters ?? new Dictionary<string, string>(),
            WorkingDirectory = workingDirectory,
            Inputs = inputs,
            Outputs = outputs,
            Logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
        };

    /// <summary>Runs <paramref name="function"/> over the given inputs; returns the sink and what it recorded.</summary>
    public static async Task<(MemoryTaskOutputs Outputs, IReadOnlyList<TaskOutput> Recorded)> RunAsync(
        ITaskFunction function,
        IEnumerable<TaskInput> inputs,
        IReadOnlyDictionary<string, string>? parameters = null,
        int groupLabel = 0,
        ILogger? logger = null,
        string? workingDirectory = null)
    {
        using var scratch = new ScratchDirectory();
        var outputs = new MemoryTaskOutputs();
        var context = Context(new TaskInputList(inputs), outputs, workingDirectory ?? scratch.Path, parameters, groupLabel, logger);
        await function.RunAsync(context, CancellationToken.None);
        var recorded = await outputs.CompleteAsync();
        return (outputs, recorded);
    }

    public static MemoryTaskInput Text(int label, string text, string name = "memory") => MemoryTaskInput.FromText(label, text, name);

    public static Dictionary<string, string> Parameters(params (string Name, string Value)[] parameters) =>
        parameters.ToDictionary(static p => p.Name, static p => p.Value);

    /// <summary>Lines of <paramref name="text"/> (split on \n, without a trailing empty entry).</summary>
    public static string[] Lines(string text) =>
        text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');

    /// <summary>The reference word count: splits on ASCII whitespace like the built-in does.</summary>
    public static Dictionary<string, long> ReferenceCounts(string text)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var word in text.Split([' ', '\t', '\n', '\v', '\f', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            counts[word] = counts.GetValueOrDefault(word) + 1;
        }

        return counts;
    }

    /// <summary>32-bit FNV-1a over the UTF-8 bytes of <paramref name="word"/>, written out independently of the code under test.</summary>
    public static uint Fnv1a(string word)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(word))
        {
            hash ^= b;
            hash *= 16777619u;
        }

        return hash;
    }
}
