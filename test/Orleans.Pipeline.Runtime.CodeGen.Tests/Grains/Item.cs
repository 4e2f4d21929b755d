namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Grains;

[GenerateSerializer]
public sealed record Item([property: Id(0)] string Name, [property: Id(1)] int Quantity);
