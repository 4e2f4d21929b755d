namespace Orleans.Pipeline.Runtime.Tests.Grains;

[GenerateSerializer]
public sealed class SentinelState
{
    /// <summary>How many times the grain was activated, over its life.</summary>
    [Id(0)]
    public int Activations { get; set; }

    /// <summary>How many calls it served (each written before it answered).</summary>
    [Id(1)]
    public int Calls { get; set; }

    [Id(2)]
    public string LastSilo { get; set; } = "";
}
