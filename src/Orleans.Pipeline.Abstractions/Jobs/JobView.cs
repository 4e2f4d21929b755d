using Orleans.Pipeline.Runtime;
namespace Orleans.Pipeline.Jobs;

/// <summary>A job's status as clients see it: status, error, per-stage progress, history and timing.</summary>
[GenerateSerializer]
public sealed record JobView(
    [property: Id(0)] string JobId,
    [property: Id(1)] string Name,
    [property: Id(2)] JobStatus Status,
    [property: Id(3)] string? Error,
    [property: Id(4)] IReadOnlyList<StageView> Stages,
    [property: Id(5)] IReadOnlyList<JobEvent> Events,
    [property: Id(6)] long SubmittedMs,
    [property: Id(7)] long FinishedMs);
