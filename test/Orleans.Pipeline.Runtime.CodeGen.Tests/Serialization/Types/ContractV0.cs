namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

/// <summary>The oldest version of a contract: only field 0.</summary>
[GenerateSerializer]
public sealed class ContractV0
{
    [Id(0)]
    public string Name { get; set; } = string.Empty;
}
