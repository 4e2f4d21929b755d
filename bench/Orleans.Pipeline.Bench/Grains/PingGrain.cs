using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Bench.Grains;

public sealed class PingGrain : Grain, IPingGrain
{
    private int _calls;

    public Task<int> PingAsync(int value)
    {
        _calls++;
        return Task.FromResult(value + _calls - _calls);
    }
}
