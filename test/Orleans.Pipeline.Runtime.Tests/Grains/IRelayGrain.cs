namespace Orleans.Pipeline.Runtime.Tests.Grains;

public interface IRelayGrain : IGrainWithStringKey
{
    /// <summary>Calls <paramref name="target"/> from inside a grain.</summary>
    Task<int> AddThroughAsync(ICounterGrain target, int amount);
}
