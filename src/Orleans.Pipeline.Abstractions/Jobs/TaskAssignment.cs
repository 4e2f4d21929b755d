using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Groupings;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Jobs;

/// <summary>What a broker needs to run one attempt of a task.</summary>
[GenerateSerializer]
public sealed record TaskAssignment(
    [property: Id(0)] string JobId,
    [property: Id(1)] string JobName,
    [property: Id(2)] int TaskId,
    [property: Id(3)] int Attempt,
    [property: Id(4)] string Stage,
    [property: Id(5)] int GroupLabel,
    [property: Id(6)] TaskRef Task,
    [property: Id(7)] IReadOnlyList<StageInput> Inputs,
    [property: Id(8)] bool MoreInputsExpected,
    [property: Id(9)] TimeSpan Timeout);
