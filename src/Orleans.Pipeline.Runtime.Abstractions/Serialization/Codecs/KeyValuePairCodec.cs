namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

/// <summary>An object with the key as field 0 and the value as field 1.</summary>
internal sealed class KeyValuePairCodec<TKey, TValue> : IFieldCodec<KeyValuePair<TKey, TValue>>
{
    public void WriteField(ref Writer writer, uint fieldId, KeyValuePair<TKey, TValue> value)
    {
        writer.WriteStartObject(fieldId);
        Codec<TKey>.WriteField(ref writer, 0, value.Key);
        Codec<TValue>.WriteField(ref writer, 1, value.Value);
        writer.WriteEndObject();
    }

    public KeyValuePair<TKey, TValue> ReadValue(ref Reader reader, WireType wireType)
    {
        reader.EnterObject(wireType, typeof(KeyValuePair<TKey, TValue>));
        TKey key = default!;
        TValue value = default!;
        while (reader.ReadNextField(out var id, out var fieldWireType))
        {
            switch (id)
            {
                case 0:
                    key = Codec<TKey>.ReadValue(ref reader, fieldWireType);
                    break;
                case 1:
                    value = Codec<TValue>.ReadValue(ref reader, fieldWireType);
                    break;
                default:
                    reader.SkipValue(fieldWireType);
                    break;
            }
        }

        return new KeyValuePair<TKey, TValue>(key, value);
    }
}
