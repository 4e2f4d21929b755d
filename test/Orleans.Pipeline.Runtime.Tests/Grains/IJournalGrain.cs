namespace Orleans.Pipeline.Runtime.Tests.Grains;

/// <summary>Keeps entries in memory and writes them only when deactivated: shows that shutdown deactivates grains.</summary>
public interface IJournalGrain : IGrainWithStringKey
{
    Task AppendAsync(string entry);

    Task<IReadOnlyList<string>> GetAsync();
}
