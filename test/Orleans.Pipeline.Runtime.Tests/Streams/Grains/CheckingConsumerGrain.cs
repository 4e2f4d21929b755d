using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Streams;

namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

[ImplicitStreamSubscription(StreamNames.Checked)]
public sealed class CheckingConsumerGrain(Silo silo, StreamProbe probe) : Grain, ICheckingConsumerGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var provider in StreamNames.Providers)
        {
            var record = probe.Consumer(provider, GetPrimaryKeyString());
            record.Activated(silo.SiloName);
            var stream = this.GetStreamProvider(provider).GetStream<StreamTestItem>(StreamId.Create(StreamNames.Checked, GetPrimaryKeyString()));
            await stream.SubscribeAsync(
                (item, token) =>
                {
                    record.Received(item, token);
                    return Task.CompletedTask;
                },
                () =>
                {
                    record.Completed();
                    return Task.CompletedTask;
                },
                error =>
                {
                    record.Failed(error);
                    return Task.CompletedTask;
                });
        }
    }

    public Task<string> WhereAsync() => Task.FromResult(silo.SiloName);
}
