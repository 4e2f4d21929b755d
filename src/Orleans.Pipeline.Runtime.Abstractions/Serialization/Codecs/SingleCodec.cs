namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class SingleCodec : IFieldCodec<float>
{
    public static readonly SingleCodec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, float value)
    {
        writer.WriteFieldHeader(fieldId, WireType.Fixed32);
        writer.WriteSingle(value);
    }

    public float ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.Fixed32)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.Fixed32, typeof(float));
        }

        return reader.ReadSingle();
    }
}
