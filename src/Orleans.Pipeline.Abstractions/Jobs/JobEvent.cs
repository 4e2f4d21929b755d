using Orleans.Pipeline.Runtime;
namespace Orleans.Pipeline.Jobs;

/// <summary>One entry of a job's history: when (Unix milliseconds), what kind, and a sentence.</summary>
[GenerateSerializer]
public sealed record JobEvent(
    [property: Id(0)] long TimeMs,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Message,
    [property: Id(3)] int TaskId = -1);
