namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

/// <summary>Consumes namespace <see cref="StreamNames.Slow"/> implicitly, one millisecond or more per item.</summary>
public interface ISlowConsumerGrain : IGrainWithStringKey
{
    Task<string> WhereAsync();
}
