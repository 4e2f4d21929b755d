namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class StringCodec : IFieldCodec<string>
{
    public static readonly StringCodec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, string value)
    {
        if (value is null)
        {
            writer.WriteNull(fieldId);
            return;
        }

        writer.WriteFieldHeader(fieldId, WireType.LengthPrefixed);
        writer.WriteString(value);
    }

    public string ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType == WireType.Null)
        {
            return null!;
        }

        if (wireType != WireType.LengthPrefixed)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.LengthPrefixed, typeof(string));
        }

        return reader.ReadString();
    }
}
