namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class UInt32Codec : IFieldCodec<uint>
{
    public static readonly UInt32Codec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, uint value)
    {
        writer.WriteFieldHeader(fieldId, WireType.VarInt);
        writer.WriteVarUInt32(value);
    }

    public uint ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.VarInt)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.VarInt, typeof(uint));
        }

        return reader.ReadVarUInt32();
    }
}
