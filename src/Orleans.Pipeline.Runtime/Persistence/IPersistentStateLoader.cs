namespace Orleans.Pipeline.Runtime.Persistence;

/// <summary>A persistent state the runtime reads before the grain's <c>OnActivateAsync</c>.</summary>
internal interface IPersistentStateLoader
{
    Task ReadStateAsync();
}
