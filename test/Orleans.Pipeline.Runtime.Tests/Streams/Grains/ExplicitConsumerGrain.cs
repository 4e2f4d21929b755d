using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Streams;

namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

public sealed class ExplicitConsumerGrain(
    [PersistentState("subscriptions")] IPersistentState<ExplicitConsumerState> state,
    Silo silo,
    StreamProbe probe) : Grain, IExplicitConsumerGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var (provider, key) in state.State.Streams)
        {
            probe.Consumer(provider, GetPrimaryKeyString()).Activated(silo.SiloName);
            foreach (var handle in await Stream(provider, key).GetAllSubscriptionHandles())
            {
                await handle.ResumeAsync(Observer(provider));
            }
        }
    }

    public async Task<string> SubscribeAsync(string provider, string key)
    {
        var handle = await Stream(provider, key).SubscribeAsync(Observer(provider));
        if (!state.State.Streams.Contains((provider, key)))
        {
            state.State.Streams.Add((provider, key));
            await state.WriteStateAsync();
        }

        return handle.SubscriptionId;
    }

    public async Task<List<string>> GetSubscriptionsAsync(string provider, string key) =>
        (await Stream(provider, key).GetAllSubscriptionHandles()).Select(h => h.SubscriptionId).ToList();

    public async Task UnsubscribeAllAsync(string provider, string key)
    {
        foreach (var handle in await Stream(provider, key).GetAllSubscriptionHandles())
        {
            await handle.UnsubscribeAsync();
        }
    }

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<string> WhereAsync() => Task.FromResult(silo.SiloName);

    private IAsyncStream<StreamTestItem> Stream(string provider, string key) =>
        this.GetStreamProvider(provider).GetStream<StreamTestItem>(StreamId.Create(StreamNames.Explicit, key));

    private IAsyncObserver<StreamTestItem> Observer(string provider)
    {
        var record = probe.Consumer(provider, GetPrimaryKeyString());
        return new RecordingObserver(record);
    }
}
