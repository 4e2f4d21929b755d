using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Bench.Streams;

public interface IStreamBenchProducerGrain : IGrainWithStringKey
{
    /// <summary>Sends <paramref name="items"/> longs to stream (<paramref name="provider"/>, bench, <paramref name="key"/>): one awaited OnNextAsync each when <paramref name="batchSize"/> is 0, else batches.</summary>
    Task ProduceAsync(string provider, string key, int items, int batchSize);

    Task<string> WhereAsync();
}
