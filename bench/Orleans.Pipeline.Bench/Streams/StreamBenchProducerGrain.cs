using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Streams;

namespace Orleans.Pipeline.Bench.Streams;

public sealed class StreamBenchProducerGrain(Silo silo) : Grain, IStreamBenchProducerGrain
{
    public async Task ProduceAsync(string provider, string key, int items, int batchSize)
    {
        var stream = this.GetStreamProvider(provider).GetStream<long>(StreamId.Create(StreamBenchmarks.Namespace, key));
        if (batchSize == 0)
        {
            for (long i = 0; i < items; i++)
            {
                await stream.OnNextAsync(i);
            }
        }
        else
        {
            var batch = new long[batchSize];
            for (var sent = 0; sent < items; sent += batchSize)
            {
                await stream.OnNextBatchAsync(batch.Take(Math.Min(batchSize, items - sent)));
            }
        }

        await stream.OnCompletedAsync();
    }

    public Task<string> WhereAsync() => Task.FromResult(silo.SiloName);
}
