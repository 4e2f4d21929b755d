namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

/// <summary>Bytes as a length-prefixed payload; reading copies them out of the input, which the caller may reuse.</summary>
internal sealed class ReadOnlyMemoryCodec : IFieldCodec<ReadOnlyMemory<byte>>, IFieldCodec<Memory<byte>>
{
    public static readonly ReadOnlyMemoryCodec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, ReadOnlyMemory<byte> value)
    {
        writer.WriteFieldHeader(fieldId, WireType.LengthPrefixed);
        writer.WriteLengthPrefixed(value.Span);
    }

    public ReadOnlyMemory<byte> ReadValue(ref Reader reader, WireType wireType) => Read(ref reader, wireType);

    void IFieldCodec<Memory<byte>>.WriteField(ref Writer writer, uint fieldId, Memory<byte> value) =>
        WriteField(ref writer, fieldId, value);

    Memory<byte> IFieldCodec<Memory<byte>>.ReadValue(ref Reader reader, WireType wireType) => Read(ref reader, wireType);

    private static byte[] Read(ref Reader reader, WireType wireType)
    {
        if (wireType == WireType.Null)
        {
            return [];
        }

        if (wireType != WireType.LengthPrefixed)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.LengthPrefixed, typeof(ReadOnlyMemory<byte>));
        }

        return reader.ReadLengthPrefixed().ToArray();
    }
}
