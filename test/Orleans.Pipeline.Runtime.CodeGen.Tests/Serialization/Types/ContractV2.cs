namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

/// <summary>A newer version of the contract: adds field 2, whose initial value survives reading older data.</summary>
[GenerateSerializer]
public sealed class ContractV2
{
    [Id(0)]
    public string Name { get; set; } = string.Empty;

    [Id(1)]
    public List<Address> Addresses { get; set; } = [];

    [Id(2)]
    public int Priority { get; set; } = 5;
}
