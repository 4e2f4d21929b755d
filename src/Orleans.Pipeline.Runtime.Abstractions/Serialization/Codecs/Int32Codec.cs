namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class Int32Codec : IFieldCodec<int>
{
    public static readonly Int32Codec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, int value)
    {
        writer.WriteFieldHeader(fieldId, WireType.VarInt);
        writer.WriteVarInt32(value);
    }

    public int ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.VarInt)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.VarInt, typeof(int));
        }

        return reader.ReadVarInt32();
    }
}
