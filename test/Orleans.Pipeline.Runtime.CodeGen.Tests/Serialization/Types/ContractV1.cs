namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

/// <summary>The current version of a contract: fields 0 and 1.</summary>
[GenerateSerializer]
public sealed class ContractV1
{
    [Id(0)]
    public string Name { get; set; } = string.Empty;

    [Id(1)]
    public List<Address> Addresses { get; set; } = [];
}
