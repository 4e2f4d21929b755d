using Orleans.Pipeline.Runtime;
namespace Orleans.Pipeline.Jobs;

/// <summary>A line of the job list.</summary>
[GenerateSerializer]
public sealed record JobSummary(
    [property: Id(0)] string JobId,
    [property: Id(1)] string Name,
    [property: Id(2)] JobStatus Status,
    [property: Id(3)] long SubmittedMs);
