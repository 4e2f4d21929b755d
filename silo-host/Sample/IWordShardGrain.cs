using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.SiloHost.Sample;

/// <summary>One partition of a word count: merges partial counts and keeps the total in persistent state.</summary>
public interface IWordShardGrain : IGrainWithStringKey
{
    Task AddAsync(Dictionary<string, int> counts);

    Task<Dictionary<string, int>> GetAsync();
}
