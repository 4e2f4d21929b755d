namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class TimeSpanCodec : IFieldCodec<TimeSpan>
{
    public static readonly TimeSpanCodec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, TimeSpan value)
    {
        writer.WriteFieldHeader(fieldId, WireType.VarInt);
        writer.WriteVarInt64(value.Ticks);
    }

    public TimeSpan ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.VarInt)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.VarInt, typeof(TimeSpan));
        }

        return new TimeSpan(reader.ReadVarInt64());
    }
}
