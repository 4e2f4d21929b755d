using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Grains.State;

/// <summary>Everything a job grain persists: the spec, status, progress per stage and history; the stages and tasks keep their own state.</summary>
[GenerateSerializer]
public sealed class JobState
{
    [Id(0)]
    public JobSpec? Spec { get; set; }

    [Id(1)]
    public JobStatus Status { get; set; }

    [Id(2)]
    public string? Error { get; set; }

    /// <summary>Per stage: its grain said all its tasks finished after its producers ended.</summary>
    [Id(3)]
    public List<bool> StagesDone { get; set; } = [];

    [Id(4)]
    public int NextTaskId { get; set; }

    [Id(5)]
    public List<JobEvent> Events { get; set; } = [];

    [Id(6)]
    public long SubmittedMs { get; set; }

    [Id(7)]
    public long FinishedMs { get; set; }

    /// <summary>Whether the job's outputs were deleted; its results are then gone.</summary>
    [Id(8)]
    public bool Purged { get; set; }
}
