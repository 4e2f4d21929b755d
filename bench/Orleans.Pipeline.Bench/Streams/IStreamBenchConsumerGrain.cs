using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Bench.Streams;

public interface IStreamBenchConsumerGrain : IGrainWithStringKey
{
    Task<string> WhereAsync();
}
