using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Streams;

namespace Orleans.Pipeline.Bench.Streams;

/// <summary>Counts what it receives on the benchmark's namespace, from either provider.</summary>
[ImplicitStreamSubscription(StreamBenchmarks.Namespace)]
public sealed class StreamBenchConsumerGrain(Silo silo, StreamBenchCounter counter) : Grain, IStreamBenchConsumerGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var provider in StreamBenchmarks.Providers)
        {
            var stream = this.GetStreamProvider(provider).GetStream<long>(StreamId.Create(StreamBenchmarks.Namespace, GetPrimaryKeyString()));
            await stream.SubscribeAsync((_, _) =>
            {
                counter.Add(1);
                return Task.CompletedTask;
            });
        }
    }

    public Task<string> WhereAsync() => Task.FromResult(silo.SiloName);
}
