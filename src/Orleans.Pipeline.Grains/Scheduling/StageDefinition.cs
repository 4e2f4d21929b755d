using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Grains.Scheduling;

/// <summary>What a stage grain is told when its job starts: which stage of which job it is, and how it runs.</summary>
[GenerateSerializer]
public sealed record StageDefinition(
    [property: Id(0)] string JobId,
    [property: Id(1)] string JobName,
    [property: Id(2)] int Index,
    [property: Id(3)] int StageCount,
    [property: Id(4)] StageSpec Spec,
    [property: Id(5)] JobLimits Limits)
{
    public bool IsFirst => Index == 0;

    public bool IsLast => Index == StageCount - 1;

    /// <summary>Consumers start as producers finish (never for the first stage: its inputs are all known at once).</summary>
    public bool Concurrent => Index > 0 && Spec.Concurrent;
}
