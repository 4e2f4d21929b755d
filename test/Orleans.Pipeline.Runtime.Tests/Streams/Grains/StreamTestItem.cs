namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

/// <summary>An item the test producers send: its number in the producer's sequence for that stream, who sent it, and optional ballast.</summary>
[GenerateSerializer]
public sealed class StreamTestItem
{
    [Id(0)]
    public long Number { get; set; }

    [Id(1)]
    public string Producer { get; set; } = "";

    [Id(2)]
    public byte[] Ballast { get; set; } = [];
}
