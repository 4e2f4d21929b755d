using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Bench.Grains;

[GenerateSerializer]
public sealed class WriterState
{
    [Id(0)]
    public int Writes { get; set; }

    [Id(1)]
    public string Payload { get; set; } = "";
}
