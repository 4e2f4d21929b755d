using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Streams;

namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

[ImplicitStreamSubscription(StreamNames.Persisted)]
public sealed class PersistentConsumerGrain(
    [PersistentState("consumer")] IPersistentState<PersistentConsumerState> state,
    Silo silo,
    LiveActivationCount activations,
    StreamProbe probe) : Grain, IPersistentConsumerGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        activations.Activated(GetPrimaryKeyString());
        var stream = this.GetStreamProvider(StreamNames.Durable).GetStream<StreamTestItem>(StreamId.Create(StreamNames.Persisted, GetPrimaryKeyString()));
        await stream.SubscribeAsync(
            OnItemAsync,
            () =>
            {
                state.State.Completions++;
                return Task.CompletedTask;
            },
            options: new StreamSubscriptionOptions { Cursor = state.State.Cursor, SaveAsync = state.WriteStateAsync });
    }

    public Task<PersistentConsumerReport> GetReportAsync() =>
        Task.FromResult(new PersistentConsumerReport { State = state.State, Silo = silo.SiloName, Activations = activations.Of(GetPrimaryKeyString()) });

    private async Task OnItemAsync(StreamTestItem item, StreamSequenceToken token)
    {
        await probe.WhileRunningAsync();
        if (probe.RejectItems)
        {
            throw new InvalidOperationException($"Item {token.SequenceNumber} rejected by the test.");
        }

        var current = state.State;
        var last = current.LastByProducer.GetValueOrDefault(token.ProducerId);
        if (token.SequenceNumber != last + 1 || item.Number != token.SequenceNumber)
        {
            current.Violations.Add($"producer {item.Producer} ({token.ProducerId}): got #{token.SequenceNumber} (item {item.Number}) after #{last}");
        }

        current.LastByProducer[token.ProducerId] = Math.Max(last, token.SequenceNumber);
        current.CountBySender[item.Producer] = current.CountBySender.GetValueOrDefault(item.Producer) + 1;
        current.Total++;
    }
}
