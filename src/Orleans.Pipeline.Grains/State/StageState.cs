using Orleans.Pipeline.Grains.Scheduling;
using Orleans.Pipeline.Groupings;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Grains.State;

/// <summary>
/// Everything a stage grain persists: its definition, what it knows of its producers (the previous stage's tasks),
/// its tasks, and its part of the job's history. Task states are the task grains' own; the stage keeps the last it
/// heard, and asks the tasks again when it is activated.
/// </summary>
[GenerateSerializer]
public sealed class StageState
{
    [Id(0)]
    public StageDefinition? Definition { get; set; }

    /// <summary>The first stage's inputs: the job's.</summary>
    [Id(1)]
    public List<StageInput> JobInputs { get; set; } = [];

    [Id(2)]
    public List<ProducerRecord> Producers { get; set; } = [];

    /// <summary>The previous stage said it has no tasks other than <see cref="Producers"/>.</summary>
    [Id(3)]
    public bool ProducersFinal { get; set; }

    /// <summary>Tasks exist for the stage's inputs (a stage that is not concurrent groups once, when its producers ended).</summary>
    [Id(4)]
    public bool Grouped { get; set; }

    /// <summary>A concurrent stage's tasks were told there is no more input.</summary>
    [Id(5)]
    public bool Closed { get; set; }

    [Id(6)]
    public List<StageTask> Tasks { get; set; } = [];

    /// <summary>The job was told the stage is done (all its tasks finished after its producers ended).</summary>
    [Id(7)]
    public bool Done { get; set; }

    /// <summary>The next stage was told every task of this stage (it can tell when its producers ended).</summary>
    [Id(8)]
    public bool ProducersAnnouncedFinal { get; set; }

    [Id(9)]
    public bool Stopped { get; set; }

    [Id(10)]
    public List<JobEvent> Events { get; set; } = [];
}

/// <summary>A task of the previous stage, as this stage knows it.</summary>
[GenerateSerializer]
public sealed class ProducerRecord
{
    [Id(0)]
    public int TaskId { get; set; }

    [Id(1)]
    public bool Done { get; set; }

    [Id(2)]
    public List<OutputRecord> Outputs { get; set; } = [];

    /// <summary>A concurrent stage handed its outputs to tasks.</summary>
    [Id(3)]
    public bool Fed { get; set; }

    /// <summary>Its outputs are being recomputed: tasks that consumed them must start over (reason for the history).</summary>
    [Id(4)]
    public string? InvalidatedBecause { get; set; }
}

/// <summary>A task of this stage: its group and inputs (the stage's to decide) and its last reported state.</summary>
[GenerateSerializer]
public sealed class StageTask
{
    [Id(0)]
    public int TaskId { get; set; }

    [Id(1)]
    public GroupKey Key { get; set; }

    /// <summary>The node the grouping chose (empty: any node).</summary>
    [Id(2)]
    public string Node { get; set; } = "";

    [Id(3)]
    public List<StageInput> Inputs { get; set; } = [];

    /// <summary>The task grain was told to run with the current inputs; false until then and again after it must start over.</summary>
    [Id(4)]
    public bool Released { get; set; }

    /// <summary>The task must stop and start over (reason for the history; kind task-restart or task-recompute).</summary>
    [Id(5)]
    public string? RestartBecause { get; set; }

    [Id(6)]
    public string RestartKind { get; set; } = "";

    /// <summary>For a concurrent stage: the producer whose inputs the restart drops (they come again when it finishes).</summary>
    [Id(7)]
    public int RestartDropsInputsOf { get; set; } = -1;

    [Id(8)]
    public long Version { get; set; }

    [Id(9)]
    public PipelineTaskStatus Status { get; set; }

    [Id(10)]
    public int Attempt { get; set; }

    [Id(11)]
    public string? RunningOn { get; set; }

    [Id(12)]
    public List<OutputRecord> Outputs { get; set; } = [];

    [Id(13)]
    public string? Error { get; set; }

    /// <summary>The next stage was told this task finished (and with which outputs).</summary>
    [Id(14)]
    public bool AnnouncedDone { get; set; }

    /// <summary>The next stage was told this task exists.</summary>
    [Id(15)]
    public bool AnnouncedAsProducer { get; set; }

    /// <summary>For a concurrent stage: the running task was told there is no more input.</summary>
    [Id(16)]
    public bool CompletionSent { get; set; }

    /// <summary>For a concurrent stage: ids of inputs a restart dropped; when they come again they go back to this task.</summary>
    [Id(17)]
    public List<string> DroppedInputs { get; set; } = [];
}
