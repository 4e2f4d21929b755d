using Orleans.Pipeline.Runtime;
namespace Orleans.Pipeline.Jobs;

/// <summary>A task as clients and the dashboard see it.</summary>
[GenerateSerializer]
public sealed record TaskView(
    [property: Id(0)] int TaskId,
    [property: Id(1)] int Label,
    [property: Id(2)] PipelineTaskStatus Status,
    [property: Id(3)] int Attempt,
    [property: Id(4)] string? Node,
    [property: Id(5)] int Inputs,
    [property: Id(6)] string? Error);
