namespace Orleans.Pipeline.Runtime.Persistence;

/// <summary>
/// Names of the grain storage's meter and instruments (System.Diagnostics.Metrics), for <c>dotnet-counters</c>,
/// OpenTelemetry views and tests. Instruments are tagged <c>backend</c>; counters are cumulative.
/// </summary>
public static class GrainStorageInstruments
{
    /// <summary>The meter every grain storage instrument belongs to.</summary>
    public const string MeterName = "Orleans.Pipeline.Runtime.Persistence";

    /// <summary>
    /// Write transactions committed by <see cref="AdoNetGrainStorage"/>; each carries every write and clear queued
    /// while the previous one committed, so fewer commits than <see cref="Operations"/> means group commit happened.
    /// </summary>
    public const string Commits = "orleans.pipeline.storage.commits";

    /// <summary>Writes and clears answered by a committed transaction (ETag conflicts included).</summary>
    public const string Operations = "orleans.pipeline.storage.operations";
}
