namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

/// <summary>A generic serializable type: one generated codec serves every closed form.</summary>
[GenerateSerializer]
public sealed class Box<T>
{
    [Id(0)]
    public T Value { get; set; } = default!;

    [Id(1)]
    public List<T> More { get; set; } = [];
}
