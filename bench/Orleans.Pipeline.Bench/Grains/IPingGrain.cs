using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Bench.Grains;

public interface IPingGrain : IGrainWithIntegerKey
{
    Task<int> PingAsync(int value);
}
