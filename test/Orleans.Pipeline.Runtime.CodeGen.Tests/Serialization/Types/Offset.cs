namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

public enum Offset : long
{
    Lowest = long.MinValue,
    Behind = -1,
    Highest = long.MaxValue,
}
