namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

/// <summary>
/// Consumes namespace <see cref="StreamNames.Persisted"/> of the durable provider implicitly, keeping what it consumed
/// and its cursor in one persistent state, stored after each batch.
/// </summary>
public interface IPersistentConsumerGrain : IGrainWithStringKey
{
    /// <summary>The stored state (as this activation holds it) and where it runs.</summary>
    Task<PersistentConsumerReport> GetReportAsync();
}
