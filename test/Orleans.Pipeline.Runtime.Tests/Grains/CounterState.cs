namespace Orleans.Pipeline.Runtime.Tests.Grains;

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public List<string> History { get; set; } = [];
}
