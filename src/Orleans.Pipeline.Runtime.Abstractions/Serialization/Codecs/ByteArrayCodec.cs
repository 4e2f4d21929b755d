namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class ByteArrayCodec : IFieldCodec<byte[]>
{
    public static readonly ByteArrayCodec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, byte[] value)
    {
        if (value is null)
        {
            writer.WriteNull(fieldId);
            return;
        }

        writer.WriteFieldHeader(fieldId, WireType.LengthPrefixed);
        writer.WriteLengthPrefixed(value);
    }

    public byte[] ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType == WireType.Null)
        {
            return null!;
        }

        if (wireType != WireType.LengthPrefixed)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.LengthPrefixed, typeof(byte[]));
        }

        return reader.ReadLengthPrefixed().ToArray();
    }
}
