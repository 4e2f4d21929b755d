namespace Orleans.Pipeline.Grains.Hosting;

/// <summary>How a silo runs pipeline tasks (section <c>Pipeline</c>).</summary>
public sealed class PipelineOptions
{
    /// <summary>Where task outputs are kept: <c>{DataDirectory}/jobs/{job}/…</c>. Default <c>silo-data</c>.</summary>
    public string DataDirectory { get; set; } = "silo-data";

    /// <summary>How many tasks this silo runs at once; more are queued, never dropped. Default: the number of cores.</summary>
    public int ExecutorSlots { get; set; } = Environment.ProcessorCount;

    /// <summary>The first retry of a failed task waits this long; each further retry twice as long. Default 200 ms.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often a running job checks for dead silos and lost outputs. Default 1 s.</summary>
    public TimeSpan HealthCheckPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a silo must have been gone before the outputs it held count as lost and are recomputed: a silo that
    /// restarts within it keeps its data directory, and the outputs in it. Default 3 s.
    /// </summary>
    public TimeSpan OutputLossGrace { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a job's state changes may wait to be written together (group commit). Default 100 ms.</summary>
    public TimeSpan StateFlushDelay { get; set; } = TimeSpan.FromMilliseconds(100);
}
