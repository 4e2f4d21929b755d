namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class UInt16Codec : IFieldCodec<ushort>
{
    public static readonly UInt16Codec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, ushort value)
    {
        writer.WriteFieldHeader(fieldId, WireType.VarInt);
        writer.WriteVarUInt32(value);
    }

    public ushort ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.VarInt)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.VarInt, typeof(ushort));
        }

        var value = reader.ReadVarUInt64();
        if (value > ushort.MaxValue)
        {
            throw new WireFormatException($"The value {value} does not fit in a UInt16; the data was written for a wider type.");
        }

        return (ushort)value;
    }
}
