namespace Orleans.Pipeline.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds <paramref name="amount"/> and writes the state.</summary>
    Task<int> AddAsync(int amount, string note);

    Task<int> GetAsync();

    Task<IReadOnlyList<string>> GetHistoryAsync();

    /// <summary>Re-reads the stored state (drops what is in memory).</summary>
    Task<int> ReloadAsync();

    Task ClearAsync();

    Task DeactivateAsync();
}
