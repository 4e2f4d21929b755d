namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

/// <summary>A positional record with [Id] on the parameters themselves, and an init-only member outside the constructor.</summary>
[GenerateSerializer]
public sealed record Tag([Id(0)] string Name, [Id(1)] Color Color)
{
    [Id(2)]
    public IReadOnlyList<Point> Points { get; init; } = [];
}
