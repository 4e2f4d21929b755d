namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class Int64Codec : IFieldCodec<long>
{
    public static readonly Int64Codec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, long value)
    {
        writer.WriteFieldHeader(fieldId, WireType.VarInt);
        writer.WriteVarInt64(value);
    }

    public long ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.VarInt)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.VarInt, typeof(long));
        }

        return reader.ReadVarInt64();
    }
}
