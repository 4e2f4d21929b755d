namespace Orleans.Pipeline.Runtime.Tests.Grains;

public sealed class RelayGrain : Grain, IRelayGrain
{
    public async Task<int> AddThroughAsync(ICounterGrain target, int amount)
    {
        var value = await target.AddAsync(amount, $"via {GrainId.Key}");
        return value;
    }
}
