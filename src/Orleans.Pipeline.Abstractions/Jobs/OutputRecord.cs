using Orleans.Pipeline.Runtime;
namespace Orleans.Pipeline.Jobs;

/// <summary>One labeled output of a task: its label, the silo that holds it, its size and its path there.</summary>
[GenerateSerializer]
public sealed record OutputRecord(
    [property: Id(0)] int Label,
    [property: Id(1)] string Node,
    [property: Id(2)] long Size,
    [property: Id(3)] string Location);
