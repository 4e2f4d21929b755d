namespace Orleans.Pipeline.Runtime.Tests.Grains;

/// <summary>A persistent grain that counts its activations in storage, so a test can prove it never had two at once.</summary>
public interface ISentinelGrain : IGrainWithStringKey
{
    /// <summary>Counts a call, writes the state, and says where it ran.</summary>
    Task<SentinelReport> TouchAsync();
}
