namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

[GenerateSerializer]
public sealed class Address
{
    [Id(0)]
    public string Street { get; set; } = string.Empty;

    [Id(1)]
    public int Number { get; set; }
}
