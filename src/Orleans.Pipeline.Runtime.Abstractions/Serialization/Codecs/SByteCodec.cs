namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class SByteCodec : IFieldCodec<sbyte>
{
    public static readonly SByteCodec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, sbyte value)
    {
        writer.WriteFieldHeader(fieldId, WireType.VarInt);
        writer.WriteVarInt32(value);
    }

    public sbyte ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.VarInt)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.VarInt, typeof(sbyte));
        }

        var value = reader.ReadVarInt64();
        if (value < sbyte.MinValue || value > sbyte.MaxValue)
        {
            throw new WireFormatException($"The value {value} does not fit in a SByte; the data was written for a wider type.");
        }

        return (sbyte)value;
    }
}
