namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class ByteCodec : IFieldCodec<byte>
{
    public static readonly ByteCodec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, byte value)
    {
        writer.WriteFieldHeader(fieldId, WireType.VarInt);
        writer.WriteVarUInt32(value);
    }

    public byte ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.VarInt)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.VarInt, typeof(byte));
        }

        var value = reader.ReadVarUInt64();
        if (value > byte.MaxValue)
        {
            throw new WireFormatException($"The value {value} does not fit in a Byte; the data was written for a wider type.");
        }

        return (byte)value;
    }
}
