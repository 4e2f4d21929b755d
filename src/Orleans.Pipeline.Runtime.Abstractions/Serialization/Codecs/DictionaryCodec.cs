namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

/// <summary>
/// <see cref="Dictionary{TKey, TValue}"/> and the dictionary interfaces: keys and values alternate. The value read
/// is a <see cref="Dictionary{TKey, TValue}"/> with the default comparer (a custom comparer does not travel).
/// </summary>
internal sealed class DictionaryCodec<TKey, TValue> :
    IFieldCodec<Dictionary<TKey, TValue>>,
    IFieldCodec<IDictionary<TKey, TValue>>,
    IFieldCodec<IReadOnlyDictionary<TKey, TValue>>
    where TKey : notnull
{
    public void WriteField(ref Writer writer, uint fieldId, Dictionary<TKey, TValue> value)
    {
        if (value is null)
        {
            writer.WriteNull(fieldId);
            return;
        }

        CollectionFormat.WriteStart(ref writer, fieldId, value.Count);
        var keyCodec = Codec<TKey>.Instance;
        var valueCodec = Codec<TValue>.Instance;
        foreach (var (key, item) in value)
        {
            keyCodec.WriteField(ref writer, CollectionFormat.KeyField, key);
            valueCodec.WriteField(ref writer, CollectionFormat.ValueField, item);
        }

        writer.WriteEndObject();
    }

    public Dictionary<TKey, TValue> ReadValue(ref Reader reader, WireType wireType) =>
        Read(ref reader, wireType, typeof(Dictionary<TKey, TValue>));

    void IFieldCodec<IDictionary<TKey, TValue>>.WriteField(ref Writer writer, uint fieldId, IDictionary<TKey, TValue> value)
    {
        if (value is null or Dictionary<TKey, TValue>)
        {
            WriteField(ref writer, fieldId, (Dictionary<TKey, TValue>)value!);
        }
        else
        {
            WriteEnumerable(ref writer, fieldId, value, value.Count);
        }
    }

    IDictionary<TKey, TValue> IFieldCodec<IDictionary<TKey, TValue>>.ReadValue(ref Reader reader, WireType wireType) =>
        Read(ref reader, wireType, typeof(IDictionary<TKey, TValue>));

    void IFieldCodec<IReadOnlyDictionary<TKey, TValue>>.WriteField(ref Writer writer, uint fieldId, IReadOnlyDictionary<TKey, TValue> value)
    {
        if (value is null or Dictionary<TKey, TValue>)
        {
            WriteField(ref writer, fieldId, (Dictionary<TKey, TValue>)value!);
        }
        else
        {
            WriteEnumerable(ref writer, fieldId, value, value.Count);
        }
    }

    IReadOnlyDictionary<TKey, TValue> IFieldCodec<IReadOnlyDictionary<TKey, TValue>>.ReadValue(ref Reader reader, WireType wireType) =>
        Read(ref reader, wireType, typeof(IReadOnlyDictionary<TKey, TValue>));

    private static void WriteEnumerable(ref Writer writer, uint fieldId, IEnumerable<KeyValuePair<TKey, TValue>> entries, int count)
    {
        CollectionFormat.WriteStart(ref writer, fieldId, count);
        var keyCodec = Codec<TKey>.Instance;
        var valueCodec = Codec<TValue>.Instance;
        foreach (var (key, item) in entries)
        {
            keyCodec.WriteField(ref writer, CollectionFormat.KeyField, key);
            valueCodec.WriteField(ref writer, CollectionFormat.ValueField, item);
        }

        writer.WriteEndObject();
    }

    private static Dictionary<TKey, TValue> Read(ref Reader reader, WireType wireType, Type declaredType)
    {
        if (wireType == WireType.Null)
        {
            return null!;
        }

        var count = CollectionFormat.ReadStart(ref reader, wireType, declaredType);
        var result = new Dictionary<TKey, TValue>(count);
        var keyCodec = Codec<TKey>.Instance;
        var valueCodec = Codec<TValue>.Instance;
        while (reader.ReadNextField(out _, out var keyWireType))
        {
            var key = keyCodec.ReadValue(ref reader, keyWireType);
            if (!reader.ReadNextField(out _, out var valueWireType))
            {
                CollectionFormat.ThrowMissingValue(declaredType);
            }

            result[key] = valueCodec.ReadValue(ref reader, valueWireType);
        }

        return result;
    }
}
