namespace Orleans.Pipeline.Runtime.Tests.Streams;

/// <summary>Tests that measure the process's managed memory run alone, after the parallel ones, so others' allocations do not blur the figures.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StreamMemoryCollection
{
    public const string Name = "Stream memory";
}
