namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

/// <summary>Derives from a serializable class: its codec writes the base members too.</summary>
[GenerateSerializer]
public sealed class Dog : Animal
{
    [Id(1)]
    public string Breed { get; set; } = string.Empty;
}
