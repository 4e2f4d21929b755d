using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Bench.Grains;

public sealed class WriterGrain([PersistentState("writer")] IPersistentState<WriterState> state) : Grain, IWriterGrain
{
    public async Task<int> WriteAsync(string payload)
    {
        state.State.Writes++;
        state.State.Payload = payload;
        await state.WriteStateAsync();
        return state.State.Writes;
    }
}
