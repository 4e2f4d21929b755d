namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class BooleanCodec : IFieldCodec<bool>
{
    public static readonly BooleanCodec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, bool value)
    {
        writer.WriteFieldHeader(fieldId, WireType.VarInt);
        writer.WriteByte(value ? (byte)1 : (byte)0);
    }

    public bool ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.VarInt)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.VarInt, typeof(bool));
        }

        return reader.ReadVarUInt64() != 0;
    }
}
