using Orleans.Pipeline.Groupings;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Grains.State;

/// <summary>A task as the job grain keeps it: its group, inputs, attempts, where it runs and what it produced.</summary>
[GenerateSerializer]
public sealed class TaskRecord
{
    [Id(0)]
    public int TaskId { get; set; }

    [Id(1)]
    public int StageIndex { get; set; }

    [Id(2)]
    public GroupKey Key { get; set; }

    /// <summary>The node the grouping chose (empty: any node).</summary>
    [Id(3)]
    public string Node { get; set; } = "";

    [Id(4)]
    public List<StageInput> Inputs { get; set; } = [];

    [Id(5)]
    public PipelineTaskStatus Status { get; set; }

    /// <summary>The current (or last) attempt, from 1; 0 before the first.</summary>
    [Id(6)]
    public int Attempt { get; set; }

    /// <summary>Failed attempts so far (a lost silo counts too).</summary>
    [Id(7)]
    public int Failures { get; set; }

    [Id(8)]
    public List<string> FailedNodes { get; set; } = [];

    [Id(9)]
    public string? RunningOn { get; set; }

    [Id(10)]
    public List<OutputRecord> Outputs { get; set; } = [];

    /// <summary>For a task of a concurrent stage: all its inputs are known (its producers ended).</summary>
    [Id(11)]
    public bool InputsComplete { get; set; }

    [Id(12)]
    public string? Error { get; set; }

    /// <summary>For a concurrent stage's task: the broker confirmed the attempt started, so inputs can be sent to it.</summary>
    [Id(13)]
    public bool Started { get; set; }

    /// <summary>For a task of a concurrent stage: its broker was told there is no more input.</summary>
    [Id(14)]
    public bool InputsSent { get; set; }

    /// <summary>A retry waits until this time (Unix ms): the backoff after a failure.</summary>
    [Id(15)]
    public long RetryAtMs { get; set; }
}
