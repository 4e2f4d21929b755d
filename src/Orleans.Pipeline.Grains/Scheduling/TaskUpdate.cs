using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Grains.Scheduling;

/// <summary>
/// A task's state as its grain reports it to the stage after every change. <see cref="Version"/> counts the task's
/// changes, across its activations, so a stage that hears of them out of order keeps the newest. <see cref="Events"/> is what happened to
/// the task since its last report (for the job's history); <see cref="JobError"/> is set when the task ended the job
/// (a fatal error, or its failure limit reached).
/// </summary>
[GenerateSerializer]
public sealed record TaskUpdate(
    [property: Id(0)] int TaskId,
    [property: Id(1)] long Version,
    [property: Id(2)] PipelineTaskStatus Status,
    [property: Id(3)] int Attempt,
    [property: Id(4)] string? RunningOn,
    [property: Id(5)] IReadOnlyList<OutputRecord> Outputs,
    [property: Id(6)] string? Error,
    [property: Id(7)] IReadOnlyList<JobEvent> Events,
    [property: Id(8)] string? JobError = null);
