namespace Orleans.Pipeline.SiloHost.Clustering;

/// <summary>The cluster secret this silo uses, and where it came from (for the log; the value itself is never logged).</summary>
/// <param name="Value">The secret.</param>
/// <param name="Origin">Where it came from.</param>
/// <param name="FilePath">The file it was read from or written to; null when it was configured as a value.</param>
/// <param name="ReadableByOthers">Whether that file grants any access to other users (it should be mode 0600).</param>
public sealed record ClusterSecret(string Value, ClusterSecretOrigin Origin, string? FilePath, bool ReadableByOthers)
{
    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"cluster secret ({Origin}{(FilePath is null ? "" : $", {FilePath}")})";
}
