namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class Int16Codec : IFieldCodec<short>
{
    public static readonly Int16Codec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, short value)
    {
        writer.WriteFieldHeader(fieldId, WireType.VarInt);
        writer.WriteVarInt32(value);
    }

    public short ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.VarInt)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.VarInt, typeof(short));
        }

        var value = reader.ReadVarInt64();
        if (value < short.MinValue || value > short.MaxValue)
        {
            throw new WireFormatException($"The value {value} does not fit in a Int16; the data was written for a wider type.");
        }

        return (short)value;
    }
}
