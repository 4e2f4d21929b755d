namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

[GenerateSerializer]
public class Animal
{
    [Id(0)]
    public string Name { get; set; } = string.Empty;
}
