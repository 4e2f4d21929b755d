using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Streams;

namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

[ImplicitStreamSubscription(StreamNames.Slow)]
public sealed class SlowConsumerGrain(Silo silo, StreamProbe probe) : Grain, ISlowConsumerGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var provider in StreamNames.Providers)
        {
            var record = probe.Consumer(provider, GetPrimaryKeyString());
            var stream = this.GetStreamProvider(provider).GetStream<StreamTestItem>(StreamId.Create(StreamNames.Slow, GetPrimaryKeyString()));
            await stream.SubscribeAsync(async (item, token) =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1));
                record.Received(item, token);
                probe.Consumed(1);
            });
        }
    }

    public Task<string> WhereAsync() => Task.FromResult(silo.SiloName);
}
