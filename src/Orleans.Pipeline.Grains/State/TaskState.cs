using Orleans.Pipeline.Grains.Scheduling;
using Orleans.Pipeline.Groupings;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Grains.State;

/// <summary>Everything a task grain persists: its definition, inputs, state, attempts and outputs.</summary>
[GenerateSerializer]
public sealed class TaskState
{
    [Id(0)]
    public TaskDefinition? Definition { get; set; }

    [Id(1)]
    public List<StageInput> Inputs { get; set; } = [];

    /// <summary>No more inputs will come (always true outside concurrent stages).</summary>
    [Id(2)]
    public bool InputsComplete { get; set; }

    [Id(3)]
    public PipelineTaskStatus Status { get; set; }

    /// <summary>The current (or last) attempt, from 1; 0 before the first. It only grows.</summary>
    [Id(4)]
    public int Attempt { get; set; }

    /// <summary>Failed attempts so far (a lost silo does not count).</summary>
    [Id(5)]
    public int Failures { get; set; }

    [Id(6)]
    public List<string> FailedNodes { get; set; } = [];

    [Id(7)]
    public string? RunningOn { get; set; }

    [Id(8)]
    public List<OutputRecord> Outputs { get; set; } = [];

    [Id(9)]
    public string? Error { get; set; }

    /// <summary>A retry waits until this time (Unix ms): the backoff after a failure.</summary>
    [Id(10)]
    public long RetryAtMs { get; set; }

    /// <summary>The stage let the task run; false while it waits to be run (again).</summary>
    [Id(11)]
    public bool Runnable { get; set; }

    [Id(12)]
    public bool Stopped { get; set; }

    /// <summary>
    /// Counts the task's changes (see <see cref="TaskUpdate.Version"/>): its activations in the high bits (each one
    /// stores the count before it reports anything), its reports within the activation in the low bits.
    /// </summary>
    [Id(13)]
    public long Version { get; set; }

    /// <summary>The current attempt expects more inputs through its stream.</summary>
    [Id(14)]
    public bool Streaming { get; set; }

    /// <summary>The job error this task caused, if it ended the job.</summary>
    [Id(15)]
    public string? JobError { get; set; }

    /// <summary>An input is on no live silo: the task waits (the history says so once) until it is available again.</summary>
    [Id(16)]
    public bool WaitingForInput { get; set; }
}
