namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> AddAsync(int amount);

    Task ResetAsync();

    [AlwaysInterleave]
    ValueTask<int> GetAsync();

    ValueTask FailAsync(string message);
}
