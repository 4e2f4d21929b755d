using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Tasks;

namespace Orleans.Pipeline.Grains.Brokers;

/// <summary>One attempt a broker holds, queued or running.</summary>
internal sealed class RunningTask(TaskAssignment assignment)
{
    public TaskAssignment Assignment { get; } = assignment;

    public TaskInputChannel Inputs { get; } = new();

    public CancellationTokenSource Cancellation { get; } = new();

    public bool Started { get; set; }
}
