using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.Tests.Grains;

public sealed class CounterGrain(
    [PersistentState("counter")] IPersistentState<CounterState> counter,
    ActivationLog log) : Grain, ICounterGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.Add($"activate {GrainId.Key} {counter.State.Value}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.Add($"deactivate {GrainId.Key} {reason}");
        return Task.CompletedTask;
    }

    public async Task<int> AddAsync(int amount, string note)
    {
        counter.State.Value += amount;
        counter.State.History.Add(note);
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    public Task<int> GetAsync() => Task.FromResult(counter.State.Value);

    public Task<IReadOnlyList<string>> GetHistoryAsync() => Task.FromResult<IReadOnlyList<string>>(counter.State.History);

    public async Task<int> ReloadAsync()
    {
        await counter.ReadStateAsync();
        return counter.State.Value;
    }

    public Task ClearAsync() => counter.ClearStateAsync();

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
