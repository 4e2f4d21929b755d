namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

public enum Color : byte
{
    Red = 1,
    Green = 2,
    Blue = 255,
}
