namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class GuidCodec : IFieldCodec<Guid>
{
    public static readonly GuidCodec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, Guid value)
    {
        writer.WriteFieldHeader(fieldId, WireType.Fixed128);
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        writer.WriteRaw(bytes);
    }

    public Guid ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.Fixed128)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.Fixed128, typeof(Guid));
        }

        return new Guid(reader.ReadFixed128());
    }
}
