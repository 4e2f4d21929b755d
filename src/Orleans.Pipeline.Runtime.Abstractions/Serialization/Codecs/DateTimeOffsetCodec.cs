namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

/// <summary>The clock time's ticks, then the offset's ticks.</summary>
internal sealed class DateTimeOffsetCodec : IFieldCodec<DateTimeOffset>
{
    public static readonly DateTimeOffsetCodec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, DateTimeOffset value)
    {
        writer.WriteFieldHeader(fieldId, WireType.Fixed128);
        writer.WriteFixed128((ulong)value.Ticks, (ulong)value.Offset.Ticks);
    }

    public DateTimeOffset ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.Fixed128)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.Fixed128, typeof(DateTimeOffset));
        }

        var ticks = (long)reader.ReadFixed64();
        var offset = (long)reader.ReadFixed64();
        try
        {
            return new DateTimeOffset(ticks, new TimeSpan(offset));
        }
        catch (ArgumentException exception)
        {
            throw new WireFormatException("The data holds an invalid DateTimeOffset.", exception);
        }
    }
}
