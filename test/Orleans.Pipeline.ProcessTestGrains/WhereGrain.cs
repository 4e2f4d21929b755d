using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.ProcessTestGrains;

/// <summary>Counts its activations and calls in persistent state, so a test can tell whether it moved and whether its state survived.</summary>
public sealed class WhereGrain([PersistentState("where")] IPersistentState<WhereState> state, Silo silo) : Grain, IWhereGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State.Activations++;
        state.State.LastSilo = silo.SiloName;
        await state.WriteStateAsync();
    }

    public async Task<WhereReport> TouchAsync()
    {
        state.State.Calls++;
        await state.WriteStateAsync();
        return new WhereReport(silo.SiloName, silo.SiloAddress?.ToString() ?? "", state.State.Activations, state.State.Calls);
    }
}
