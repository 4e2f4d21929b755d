namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

[Flags]
public enum Permissions : ulong
{
    None = 0,
    Read = 1,
    Write = 2,
    All = ulong.MaxValue,
}
