using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.Tests.Grains;

public sealed class SentinelGrain(
    [PersistentState("sentinel")] IPersistentState<SentinelState> state,
    Silo silo,
    LiveActivations live) : Grain, ISentinelGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        live.Activated(GrainId.Key, silo.SiloName);
        state.State.Activations++;
        state.State.LastSilo = silo.SiloName;
        await state.WriteStateAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        live.Deactivated(GrainId.Key, silo.SiloName);
        return Task.CompletedTask;
    }

    public async Task<SentinelReport> TouchAsync()
    {
        state.State.Calls++;
        await state.WriteStateAsync();
        return new SentinelReport(silo.SiloName, state.State.Activations, state.State.Calls);
    }
}
