namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

/// <summary>Holds a base-typed member, which may be given a derived instance.</summary>
[GenerateSerializer]
public sealed class Shelter
{
    [Id(0)]
    public Animal? Resident { get; set; }
}
