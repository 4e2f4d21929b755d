using Orleans.Pipeline.Runtime;
namespace Orleans.Pipeline.Jobs;

/// <summary>A stage's progress: its tasks (none until the stage has been grouped).</summary>
[GenerateSerializer]
public sealed record StageView(
    [property: Id(0)] string Name,
    [property: Id(1)] string Grouping,
    [property: Id(2)] bool Concurrent,
    [property: Id(3)] IReadOnlyList<TaskView> Tasks)
{
    public int Done => Tasks.Count(t => t.Status == PipelineTaskStatus.Done);
}
