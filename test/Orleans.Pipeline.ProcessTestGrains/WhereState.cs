using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.ProcessTestGrains;

/// <summary>The persisted counters of a <see cref="WhereGrain"/>.</summary>
[GenerateSerializer]
public sealed class WhereState
{
    /// <summary>How many times the grain was activated, over its life.</summary>
    [Id(0)]
    public int Activations { get; set; }

    /// <summary>How many calls it served (each written before it answered).</summary>
    [Id(1)]
    public int Calls { get; set; }

    /// <summary>The silo of the latest activation.</summary>
    [Id(2)]
    public string LastSilo { get; set; } = "";
}
