namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class UInt64Codec : IFieldCodec<ulong>
{
    public static readonly UInt64Codec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, ulong value)
    {
        writer.WriteFieldHeader(fieldId, WireType.VarInt);
        writer.WriteVarUInt64(value);
    }

    public ulong ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.VarInt)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.VarInt, typeof(ulong));
        }

        return reader.ReadVarUInt64();
    }
}
