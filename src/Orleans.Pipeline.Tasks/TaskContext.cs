using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orleans.Pipeline.Tasks;

/// <summary>Everything a task function sees of its task: who it is, its parameters, its inputs and its output sink.</summary>
/// <remarks>The scheduler creates one context per task attempt.</remarks>
public sealed class TaskContext
{
    private readonly string? _jobName;

    /// <summary>The task's id within its job. Default 0.</summary>
    public int TaskId { get; init; }

    /// <summary>Which attempt of the task this is, from 1. Default 1.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>The job's id.</summary>
    public required string JobId { get; init; }

    /// <summary>The job's name, as its spec gives it. Default: <see cref="JobId"/>.</summary>
    public string JobName
    {
        get => _jobName ?? JobId;
        init => _jobName = value;
    }

    /// <summary>The name of the stage the task belongs to.</summary>
    public required string StageName { get; init; }

    /// <summary>
    /// The label of the task's group (the input label for <c>split</c>, <c>group_label</c> and
    /// <c>group_node_label</c>; 0 for <c>group_node</c> and <c>group_all</c>). Default 0.
    /// </summary>
    public int GroupLabel { get; init; }

    /// <summary>The name of the node (silo) running the task. Default: the machine name.</summary>
    public string NodeName { get; init; } = Environment.MachineName;

    /// <summary>The stage's parameters. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = EmptyParameters;

    /// <summary>
    /// A directory the attempt owns for scratch files (sort runs, files an external program writes). It may not exist
    /// yet: functions create it when they need it.
    /// </summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>The task's inputs, yielded as they become available.</summary>
    public required ITaskInputs Inputs { get; init; }

    /// <summary>Where the task writes its labeled outputs.</summary>
    public required ITaskOutputs Outputs { get; init; }

    /// <summary>Where the function logs. Default: a logger that discards everything.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>The clock for timeouts (an external program's heartbeat). Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    private static IReadOnlyDictionary<string, string> EmptyParameters { get; } = new Dictionary<string, string>();

    /// <summary>The parameter <paramref name="name"/>, or <paramref name="defaultValue"/> when the stage does not set it.</summary>
    public string GetParameter(string name, string defaultValue) =>
        Parameters.TryGetValue(name, out var value) ? value : defaultValue;

    /// <summary>The parameter <paramref name="name"/> as an integer, or <paramref name="defaultValue"/> when not set.</summary>
    /// <exception cref="TaskFatalException">The parameter is set but is not an integer.</exception>
    public int GetInt32Parameter(string name, int defaultValue)
    {
        if (!Parameters.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new TaskFatalException($"Stage '{StageName}': parameter '{name}' must be an integer, got '{text}'.");
    }

    /// <summary>
    /// The parameter <paramref name="name"/> as a number of bytes (digits with an optional <c>K</c>, <c>M</c> or
    /// <c>G</c> suffix, powers of 1024), or <paramref name="defaultValue"/> when not set.
    /// </summary>
    /// <exception cref="TaskFatalException">The parameter is set but is not a size.</exception>
    public long GetSizeParameter(string name, long defaultValue)
    {
        if (!Parameters.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        var span = text.AsSpan().Trim();
        var multiplier = 1L;
        if (span.Length > 0)
        {
            multiplier = char.ToUpperInvariant(span[^1]) switch
            {
                'K' => 1L << 10,
                'M' => 1L << 20,
                'G' => 1L << 30,
                _ => 1L,
            };
        }

        if (multiplier != 1)
        {
            span = span[..^1];
        }

        if (long.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= long.MaxValue / multiplier)
        {
            return value * multiplier;
        }

        throw new TaskFatalException($"Stage '{StageName}': parameter '{name}' must be a size in bytes such as 65536, 64K or 256M, got '{text}'.");
    }

    /// <inheritdoc />
    public override string ToString() => $"task {TaskId} (attempt {Attempt}) of stage '{StageName}' in job '{JobId}'";
}
