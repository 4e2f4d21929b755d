namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

/// <summary>No [GenerateSerializer]: serializing it must fail clearly.</summary>
public sealed class Unmarked
{
    public int Value { get; set; }
}
