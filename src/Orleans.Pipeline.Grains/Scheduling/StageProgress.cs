using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Grains.Scheduling;

/// <summary>A stage's view and its part of the job's history.</summary>
[GenerateSerializer]
public sealed record StageProgress(
    [property: Id(0)] StageView View,
    [property: Id(1)] IReadOnlyList<JobEvent> Events);
