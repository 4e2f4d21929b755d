namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

/// <summary>Consumes namespace <see cref="StreamNames.Checked"/> of every test provider implicitly, recording into the probe.</summary>
public interface ICheckingConsumerGrain : IGrainWithStringKey
{
    Task<string> WhereAsync();
}
