using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.Tests.Grains;

public sealed class JournalGrain([PersistentState("journal")] IPersistentState<List<string>> journal) : Grain, IJournalGrain
{
    public Task AppendAsync(string entry)
    {
        journal.State.Add(entry);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> GetAsync() => Task.FromResult<IReadOnlyList<string>>(journal.State);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        journal.WriteStateAsync();
}
