namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

/// <summary>An empty <see cref="Nullable{T}"/> is a null field; a value is written as <typeparamref name="T"/> itself.</summary>
internal sealed class NullableCodec<T> : IFieldCodec<T?>
    where T : struct
{
    public void WriteField(ref Writer writer, uint fieldId, T? value)
    {
        if (value.HasValue)
        {
            Codec<T>.WriteField(ref writer, fieldId, value.GetValueOrDefault());
        }
        else
        {
            writer.WriteNull(fieldId);
        }
    }

    public T? ReadValue(ref Reader reader, WireType wireType) =>
        wireType == WireType.Null ? null : Codec<T>.ReadValue(ref reader, wireType);
}
