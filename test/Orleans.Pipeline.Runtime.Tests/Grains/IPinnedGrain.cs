namespace Orleans.Pipeline.Runtime.Tests.Grains;

public interface IPinnedGrain : IGrainWithStringKey
{
    Task<string> WhereAsync();
}
