namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

/// <summary>
/// <see cref="HashSet{T}"/> and the set interfaces; the value read is a <see cref="HashSet{T}"/> with the default
/// comparer (a custom comparer does not travel).
/// </summary>
internal sealed class HashSetCodec<T> : IFieldCodec<HashSet<T>>, IFieldCodec<ISet<T>>, IFieldCodec<IReadOnlySet<T>>
{
    public void WriteField(ref Writer writer, uint fieldId, HashSet<T> value)
    {
        if (value is null)
        {
            writer.WriteNull(fieldId);
            return;
        }

        CollectionFormat.WriteStart(ref writer, fieldId, value.Count);
        var codec = Codec<T>.Instance;
        foreach (var item in value)
        {
            codec.WriteField(ref writer, CollectionFormat.ElementField, item);
        }

        writer.WriteEndObject();
    }

    public HashSet<T> ReadValue(ref Reader reader, WireType wireType) => Read(ref reader, wireType, typeof(HashSet<T>));

    void IFieldCodec<ISet<T>>.WriteField(ref Writer writer, uint fieldId, ISet<T> value)
    {
        if (value is HashSet<T> set)
        {
            WriteField(ref writer, fieldId, set);
        }
        else
        {
            ListCodec<T>.WriteAny(ref writer, fieldId, value);
        }
    }

    ISet<T> IFieldCodec<ISet<T>>.ReadValue(ref Reader reader, WireType wireType) => Read(ref reader, wireType, typeof(ISet<T>));

    void IFieldCodec<IReadOnlySet<T>>.WriteField(ref Writer writer, uint fieldId, IReadOnlySet<T> value)
    {
        if (value is HashSet<T> set)
        {
            WriteField(ref writer, fieldId, set);
        }
        else
        {
            ListCodec<T>.WriteAny(ref writer, fieldId, value);
        }
    }

    IReadOnlySet<T> IFieldCodec<IReadOnlySet<T>>.ReadValue(ref Reader reader, WireType wireType) => Read(ref reader, wireType, typeof(IReadOnlySet<T>));

    private static HashSet<T> Read(ref Reader reader, WireType wireType, Type declaredType)
    {
        if (wireType == WireType.Null)
        {
            return null!;
        }

        var count = CollectionFormat.ReadStart(ref reader, wireType, declaredType);
        var result = new HashSet<T>(count);
        var codec = Codec<T>.Instance;
        while (reader.ReadNextField(out _, out var elementWireType))
        {
            result.Add(codec.ReadValue(ref reader, elementWireType));
        }

        return result;
    }
}
