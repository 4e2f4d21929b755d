using Orleans.Pipeline.Runtime;
namespace Orleans.Pipeline.Jobs;

/// <summary>
/// A job's status as clients see it: status, error, per-stage progress, history and timing, and whether its outputs
/// were purged (<see cref="IJobGrain.PurgeAsync"/>; its results are then gone).
/// </summary>
[GenerateSerializer]
public sealed record JobView(
    [property: Id(0)] string JobId,
    [property: Id(1)] string Name,
    [property: Id(2)] JobStatus Status,
    [property: Id(3)] string? Error,
    [property: Id(4)] IReadOnlyList<StageView> Stages,
    [property: Id(5)] IReadOnlyList<JobEvent> Events,
    [property: Id(6)] long SubmittedMs,
    [property: Id(7)] long FinishedMs,
    [property: Id(8)] bool Purged = false);
