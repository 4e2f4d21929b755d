using System.Diagnostics.Metrics;

namespace Orleans.Pipeline.Runtime.Persistence;

/// <summary>The grain storage's instruments, on one process-wide meter; recorded once per transaction, never per write.</summary>
internal sealed class GrainStorageMetrics
{
    private static readonly Lazy<GrainStorageMetrics> SharedInstance = new(static () => new GrainStorageMetrics(new Meter(GrainStorageInstruments.MeterName)));

    private readonly Counter<long> _commits;
    private readonly Counter<long> _operations;

    private GrainStorageMetrics(Meter meter)
    {
        _commits = meter.CreateCounter<long>(GrainStorageInstruments.Commits, "{transaction}", "Write transactions of grain storage.");
        _operations = meter.CreateCounter<long>(GrainStorageInstruments.Operations, "{operation}", "Grain state writes and clears answered by a committed transaction.");
    }

    public static GrainStorageMetrics Shared => SharedInstance.Value;

    public void Committed(KeyValuePair<string, object?> backend, int operations)
    {
        _commits.Add(1, backend);
        _operations.Add(operations, backend);
    }
}
