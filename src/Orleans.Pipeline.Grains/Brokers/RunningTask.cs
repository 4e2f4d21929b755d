using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Grains.Scheduling;
using Orleans.Pipeline.Runtime.Streams;
using Orleans.Pipeline.Tasks;

namespace Orleans.Pipeline.Grains.Brokers;

/// <summary>One attempt a broker holds, queued or running.</summary>
internal sealed class RunningTask(TaskAssignment assignment)
{
    public TaskAssignment Assignment { get; } = assignment;

    public TaskInputChannel Inputs { get; } = new();

    public CancellationTokenSource Cancellation { get; } = new();

    public bool Started { get; set; }

    /// <summary>The ids of the inputs received so far (each counts once).</summary>
    public HashSet<string> InputIds { get; } = new(StringComparer.Ordinal);

    /// <summary>The subscription to the attempt's input stream, when more inputs were expected.</summary>
    public StreamSubscriptionHandle<TaskInputMessage>? Subscription { get; set; }
}
