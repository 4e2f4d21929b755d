namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

/// <summary>An object whose field i is the tuple's item i + 1.</summary>
internal sealed class ValueTupleCodec<T1, T2> : IFieldCodec<ValueTuple<T1, T2>>
{
    public void WriteField(ref Writer writer, uint fieldId, ValueTuple<T1, T2> value)
    {
        writer.WriteStartObject(fieldId);
        Codec<T1>.WriteField(ref writer, 0, value.Item1);
        Codec<T2>.WriteField(ref writer, 1, value.Item2);
        writer.WriteEndObject();
    }

    public ValueTuple<T1, T2> ReadValue(ref Reader reader, WireType wireType)
    {
        reader.EnterObject(wireType, typeof(ValueTuple<T1, T2>));
        T1 item1 = default!;
        T2 item2 = default!;
        while (reader.ReadNextField(out var id, out var fieldWireType))
        {
            switch (id)
            {
                case 0:
                    item1 = Codec<T1>.ReadValue(ref reader, fieldWireType);
                    break;
                case 1:
                    item2 = Codec<T2>.ReadValue(ref reader, fieldWireType);
                    break;
                default:
                    reader.SkipValue(fieldWireType);
                    break;
            }
        }

        return new ValueTuple<T1, T2>(item1, item2);
    }
}
