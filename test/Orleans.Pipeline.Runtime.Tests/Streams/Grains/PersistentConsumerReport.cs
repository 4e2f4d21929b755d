namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

[GenerateSerializer]
public sealed class PersistentConsumerReport
{
    [Id(0)]
    public PersistentConsumerState State { get; set; } = new();

    [Id(1)]
    public string Silo { get; set; } = "";

    [Id(2)]
    public int Activations { get; set; }
}
