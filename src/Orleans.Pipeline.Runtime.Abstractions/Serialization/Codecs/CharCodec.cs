namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class CharCodec : IFieldCodec<char>
{
    public static readonly CharCodec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, char value)
    {
        writer.WriteFieldHeader(fieldId, WireType.VarInt);
        writer.WriteVarUInt32(value);
    }

    public char ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.VarInt)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.VarInt, typeof(char));
        }

        var value = reader.ReadVarUInt64();
        if (value > char.MaxValue)
        {
            throw new WireFormatException($"The value {value} does not fit in a Char; the data was written for a wider type.");
        }

        return (char)value;
    }
}
