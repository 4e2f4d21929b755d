using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.SiloHost.Sample;

public sealed class WordShardGrain([PersistentState("counts")] IPersistentState<Dictionary<string, int>> counts) : Grain, IWordShardGrain
{
    public async Task AddAsync(Dictionary<string, int> partial)
    {
        foreach (var (word, count) in partial)
        {
            counts.State[word] = counts.State.GetValueOrDefault(word) + count;
        }

        await counts.WriteStateAsync();
    }

    public Task<Dictionary<string, int>> GetAsync() => Task.FromResult(counts.State);
}
