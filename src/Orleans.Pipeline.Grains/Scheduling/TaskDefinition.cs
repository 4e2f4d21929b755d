using Orleans.Pipeline.Groupings;
using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Grains.Scheduling;

/// <summary>What a task grain is told by its stage: the task's place in the job and its group.</summary>
[GenerateSerializer]
public sealed record TaskDefinition(
    [property: Id(0)] StageDefinition Stage,
    [property: Id(1)] int TaskId,
    [property: Id(2)] GroupKey Key,
    [property: Id(3)] string Node)
{
    public string JobId => Stage.JobId;

    public string StageName => Stage.Spec.Name;
}
