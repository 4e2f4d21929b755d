using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Specs;

/// <summary>One stage of a pipeline: how its inputs are grouped into tasks and what each task runs.</summary>
/// <param name="Name">Unique within the job; letters, digits, '.', '_' and '-'.</param>
/// <param name="Grouping">How the stage's inputs become tasks; job files must state it.</param>
/// <param name="Task">What each task runs.</param>
/// <param name="Concurrent">
/// Whether tasks start as soon as some of their inputs exist, receiving later ones as producers finish, instead of
/// after the previous stage ended. Default false; not allowed for functions that need all their inputs first.
/// </param>
[GenerateSerializer]
public sealed record StageSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] Grouping Grouping,
    [property: Id(2)] TaskRef Task,
    [property: Id(3)] bool Concurrent = false);
