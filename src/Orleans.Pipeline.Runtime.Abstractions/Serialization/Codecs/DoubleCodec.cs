namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class DoubleCodec : IFieldCodec<double>
{
    public static readonly DoubleCodec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, double value)
    {
        writer.WriteFieldHeader(fieldId, WireType.Fixed64);
        writer.WriteDouble(value);
    }

    public double ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.Fixed64)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.Fixed64, typeof(double));
        }

        return reader.ReadDouble();
    }
}
