namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class DecimalCodec : IFieldCodec<decimal>
{
    public static readonly DecimalCodec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, decimal value)
    {
        writer.WriteFieldHeader(fieldId, WireType.Fixed128);
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        writer.WriteFixed128((uint)bits[0] | ((ulong)(uint)bits[1] << 32), (uint)bits[2] | ((ulong)(uint)bits[3] << 32));
    }

    public decimal ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.Fixed128)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.Fixed128, typeof(decimal));
        }

        var low = reader.ReadFixed64();
        var high = reader.ReadFixed64();
        ReadOnlySpan<int> bits = [(int)(uint)low, (int)(uint)(low >> 32), (int)(uint)high, (int)(uint)(high >> 32)];
        try
        {
            return new decimal(bits);
        }
        catch (ArgumentException exception)
        {
            throw new WireFormatException("The data holds an invalid decimal.", exception);
        }
    }
}
