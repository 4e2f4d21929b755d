namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

/// <summary>An object with the grain type as field 0 and the key as field 1.</summary>
internal sealed class GrainIdCodec : IFieldCodec<GrainId>
{
    public static readonly GrainIdCodec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, GrainId value)
    {
        writer.WriteStartObject(fieldId);
        StringCodec.Instance.WriteField(ref writer, 0, value.Type);
        StringCodec.Instance.WriteField(ref writer, 1, value.Key);
        writer.WriteEndObject();
    }

    public GrainId ReadValue(ref Reader reader, WireType wireType)
    {
        reader.EnterObject(wireType, typeof(GrainId));
        string? type = null;
        string? key = null;
        while (reader.ReadNextField(out var id, out var fieldWireType))
        {
            switch (id)
            {
                case 0:
                    type = StringCodec.Instance.ReadValue(ref reader, fieldWireType);
                    break;
                case 1:
                    key = StringCodec.Instance.ReadValue(ref reader, fieldWireType);
                    break;
                default:
                    reader.SkipValue(fieldWireType);
                    break;
            }
        }

        return new GrainId(type!, key!);
    }
}
