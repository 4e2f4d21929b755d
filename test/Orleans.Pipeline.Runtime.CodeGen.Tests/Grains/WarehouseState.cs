namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Grains;

[GenerateSerializer]
public sealed class WarehouseState
{
    [Id(0)]
    public List<Item> Items { get; set; } = [];
}
