using System.Runtime.InteropServices;

namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

/// <summary>
/// <see cref="List{T}"/> and the list-like interfaces. Whatever the declared interface, the value read is a
/// <see cref="List{T}"/>. Lists and arrays are written from their span, other collections by enumeration.
/// </summary>
internal sealed class ListCodec<T> :
    IFieldCodec<List<T>>,
    IFieldCodec<IList<T>>,
    IFieldCodec<IReadOnlyList<T>>,
    IFieldCodec<ICollection<T>>,
    IFieldCodec<IReadOnlyCollection<T>>,
    IFieldCodec<IEnumerable<T>>
{
    public void WriteField(ref Writer writer, uint fieldId, List<T> value)
    {
        if (value is null)
        {
            writer.WriteNull(fieldId);
            return;
        }

        WriteSpan(ref writer, fieldId, CollectionsMarshal.AsSpan(value));
    }

    public List<T> ReadValue(ref Reader reader, WireType wireType) => Read(ref reader, wireType, typeof(List<T>));

    void IFieldCodec<IList<T>>.WriteField(ref Writer writer, uint fieldId, IList<T> value) => WriteAny(ref writer, fieldId, value);

    IList<T> IFieldCodec<IList<T>>.ReadValue(ref Reader reader, WireType wireType) => Read(ref reader, wireType, typeof(IList<T>));

    void IFieldCodec<IReadOnlyList<T>>.WriteField(ref Writer writer, uint fieldId, IReadOnlyList<T> value) => WriteAny(ref writer, fieldId, value);

    IReadOnlyList<T> IFieldCodec<IReadOnlyList<T>>.ReadValue(ref Reader reader, WireType wireType) => Read(ref reader, wireType, typeof(IReadOnlyList<T>));

    void IFieldCodec<ICollection<T>>.WriteField(ref Writer writer, uint fieldId, ICollection<T> value) => WriteAny(ref writer, fieldId, value);

    ICollection<T> IFieldCodec<ICollection<T>>.ReadValue(ref Reader reader, WireType wireType) => Read(ref reader, wireType, typeof(ICollection<T>));

    void IFieldCodec<IReadOnlyCollection<T>>.WriteField(ref Writer writer, uint fieldId, IReadOnlyCollection<T> value) => WriteAny(ref writer, fieldId, value);

    IReadOnlyCollection<T> IFieldCodec<IReadOnlyCollection<T>>.ReadValue(ref Reader reader, WireType wireType) => Read(ref reader, wireType, typeof(IReadOnlyCollection<T>));

    void IFieldCodec<IEnumerable<T>>.WriteField(ref Writer writer, uint fieldId, IEnumerable<T> value) => WriteAny(ref writer, fieldId, value);

    IEnumerable<T> IFieldCodec<IEnumerable<T>>.ReadValue(ref Reader reader, WireType wireType) => Read(ref reader, wireType, typeof(IEnumerable<T>));

    internal static void WriteSpan(ref Writer writer, uint fieldId, ReadOnlySpan<T> items)
    {
        CollectionFormat.WriteStart(ref writer, fieldId, items.Length);
        var codec = Codec<T>.Instance;
        foreach (var item in items)
        {
            codec.WriteField(ref writer, CollectionFormat.ElementField, item);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes any sequence; shared by the set codec for the interfaces it serves.</summary>
    internal static void WriteAny(ref Writer writer, uint fieldId, IEnumerable<T> value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull(fieldId);
                return;
            case List<T> list:
                WriteSpan(ref writer, fieldId, CollectionsMarshal.AsSpan(list));
                return;
            case T[] array:
                WriteSpan(ref writer, fieldId, array);
                return;
            case ICollection<T> collection:
                WriteEnumerable(ref writer, fieldId, collection, collection.Count);
                return;
            case IReadOnlyCollection<T> collection:
                WriteEnumerable(ref writer, fieldId, collection, collection.Count);
                return;
            default:
                // A lazy sequence: its count is only known by running it, and it must run once.
                var buffered = new List<T>(value);
                WriteSpan(ref writer, fieldId, CollectionsMarshal.AsSpan(buffered));
                return;
        }
    }

    private static void WriteEnumerable(ref Writer writer, uint fieldId, IEnumerable<T> items, int count)
    {
        CollectionFormat.WriteStart(ref writer, fieldId, count);
        var codec = Codec<T>.Instance;
        var written = 0;
        foreach (var item in items)
        {
            codec.WriteField(ref writer, CollectionFormat.ElementField, item);
            written++;
        }

        if (written != count)
        {
            throw new InvalidOperationException($"The collection changed while it was being serialized (count {count}, enumerated {written}).");
        }

        writer.WriteEndObject();
    }

    private static List<T> Read(ref Reader reader, WireType wireType, Type declaredType)
    {
        if (wireType == WireType.Null)
        {
            return null!;
        }

        var count = CollectionFormat.ReadStart(ref reader, wireType, declaredType);
        var result = new List<T>(count);
        var codec = Codec<T>.Instance;
        while (reader.ReadNextField(out _, out var elementWireType))
        {
            result.Add(codec.ReadValue(ref reader, elementWireType));
        }

        return result;
    }
}
