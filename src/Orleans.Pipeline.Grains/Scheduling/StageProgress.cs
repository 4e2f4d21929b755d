using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Grains.Scheduling;

/// <summary>A stage's tasks and its part of the job's history (both empty before the job started the stage).</summary>
[GenerateSerializer]
public sealed record StageProgress(
    [property: Id(0)] IReadOnlyList<TaskView> Tasks,
    [property: Id(1)] IReadOnlyList<JobEvent> Events);
