using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Bench.Grains;

public interface IWriterGrain : IGrainWithIntegerKey
{
    /// <summary>Changes the state and writes it; returns the number of writes so far.</summary>
    Task<int> WriteAsync(string payload);
}
