using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Specs;

/// <summary>How much failure and time a job's tasks are allowed.</summary>
/// <param name="MaxTaskFailures">
/// A task that fails this many times ends the job with its last error; at least 1 (1 means no retry).
/// Default <see cref="DefaultMaxTaskFailures"/>.
/// </param>
/// <param name="TaskTimeout">A task attempt running longer than this fails; default <see cref="DefaultTaskTimeout"/>.</param>
[GenerateSerializer]
public sealed record JobLimits(
    [property: Id(0)] int MaxTaskFailures,
    [property: Id(1)] TimeSpan TaskTimeout)
{
    /// <summary>The default for <see cref="MaxTaskFailures"/>: 3.</summary>
    public const int DefaultMaxTaskFailures = 3;

    /// <summary>The default for <see cref="TaskTimeout"/>: 10 minutes.</summary>
    public static readonly TimeSpan DefaultTaskTimeout = TimeSpan.FromMinutes(10);

    /// <summary>3 failures per task, 10 minutes per attempt.</summary>
    public static JobLimits Default { get; } = new(DefaultMaxTaskFailures, DefaultTaskTimeout);
}
