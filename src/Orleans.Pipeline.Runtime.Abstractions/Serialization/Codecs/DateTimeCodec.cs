namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

/// <summary>Ticks in the low 62 bits, <see cref="DateTimeKind"/> in the top two: the value and its kind round-trip exactly.</summary>
internal sealed class DateTimeCodec : IFieldCodec<DateTime>
{
    public static readonly DateTimeCodec Instance = new();

    private const ulong TicksMask = (1UL << 62) - 1;

    public void WriteField(ref Writer writer, uint fieldId, DateTime value)
    {
        writer.WriteFieldHeader(fieldId, WireType.Fixed64);
        writer.WriteFixed64((ulong)value.Ticks | ((ulong)value.Kind << 62));
    }

    public DateTime ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.Fixed64)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.Fixed64, typeof(DateTime));
        }

        var data = reader.ReadFixed64();
        var ticks = (long)(data & TicksMask);
        var kind = (DateTimeKind)(data >> 62);
        if (ticks > DateTime.MaxValue.Ticks || kind > DateTimeKind.Local)
        {
            throw new WireFormatException("The data holds an invalid DateTime.");
        }

        return new DateTime(ticks, kind);
    }
}
