using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.ProcessTestGrains;

/// <summary>A persistent grain that says where it runs and how often it was activated and called, over its whole life.</summary>
public interface IWhereGrain : IGrainWithStringKey
{
    /// <summary>Counts a call, writes the state before answering, and reports the silo it runs on.</summary>
    Task<WhereReport> TouchAsync();
}
