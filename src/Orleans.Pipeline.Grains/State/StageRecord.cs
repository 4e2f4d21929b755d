using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Grains.State;

/// <summary>A stage's tasks; <see cref="Grouped"/> once its inputs were grouped (for a concurrent stage: once its first task exists).</summary>
[GenerateSerializer]
public sealed class StageRecord
{
    [Id(0)]
    public bool Grouped { get; set; }

    [Id(1)]
    public List<TaskRecord> Tasks { get; set; } = [];
}
