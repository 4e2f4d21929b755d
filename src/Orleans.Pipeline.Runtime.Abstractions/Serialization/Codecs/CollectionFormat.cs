namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

/// <summary>
/// The layout shared by collections: an object whose field 0 is the element count, followed by the elements as
/// fields 1 (and, for dictionaries, keys as 1 and values as 2, alternating). The count only sizes the result; the
/// end marker ends the elements.
/// </summary>
internal static class CollectionFormat
{
    public const uint CountField = 0;
    public const uint ElementField = 1;
    public const uint KeyField = 1;
    public const uint ValueField = 2;

    public static void WriteStart(ref Writer writer, uint fieldId, int count)
    {
        writer.WriteStartObject(fieldId);
        writer.WriteFieldHeader(CountField, WireType.VarInt);
        writer.WriteVarUInt32((uint)count);
    }

    /// <summary>Enters a collection and reads its count; the elements follow.</summary>
    public static int ReadStart(ref Reader reader, WireType wireType, Type type)
    {
        reader.EnterObject(wireType, type);
        reader.ReadFieldHeader(out var id, out var countWireType);
        if (id != CountField || countWireType != WireType.VarInt)
        {
            throw new WireFormatException($"A {TypeNames.Format(type)} must start with its element count; the data was written for another type.");
        }

        return reader.ReadCount();
    }

    public static void ThrowMissingValue(Type type) =>
        throw new WireFormatException($"A {TypeNames.Format(type)} entry has a key but no value; the data is corrupt.");
}
