namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

internal sealed class ArrayCodec<T> : IFieldCodec<T[]>
{
    public void WriteField(ref Writer writer, uint fieldId, T[] value)
    {
        if (value is null)
        {
            writer.WriteNull(fieldId);
            return;
        }

        ListCodec<T>.WriteSpan(ref writer, fieldId, value);
    }

    public T[] ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType == WireType.Null)
        {
            return null!;
        }

        var count = CollectionFormat.ReadStart(ref reader, wireType, typeof(T[]));
        var result = count == 0 ? [] : new T[count];
        var codec = Codec<T>.Instance;
        var index = 0;
        while (reader.ReadNextField(out _, out var elementWireType))
        {
            if (index == result.Length)
            {
                throw new WireFormatException($"A {TypeNames.Format(typeof(T[]))} holds more elements than its count ({count}); the data is corrupt.");
            }

            result[index++] = codec.ReadValue(ref reader, elementWireType);
        }

        if (index != result.Length)
        {
            throw new WireFormatException($"A {TypeNames.Format(typeof(T[]))} holds {index} elements but its count is {count}; the data is corrupt.");
        }

        return result;
    }
}
