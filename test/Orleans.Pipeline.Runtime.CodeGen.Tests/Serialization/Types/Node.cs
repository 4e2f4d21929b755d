namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

/// <summary>A self-referencing type, for cycle and nesting checks.</summary>
[GenerateSerializer]
public sealed class Node
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public Node? Next { get; set; }
}
