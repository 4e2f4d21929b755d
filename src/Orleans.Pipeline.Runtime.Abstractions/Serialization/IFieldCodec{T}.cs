namespace Orleans.Pipeline.Runtime.Serialization;

/// <summary>
/// Writes and reads values of <typeparamref name="T"/> as fields. Implementations are stateless singletons: one per
/// closed type, found through <see cref="Codec{T}"/>. Generated serializers implement this interface.
/// </summary>
public interface IFieldCodec<T>
{
    /// <summary>Writes the field header for <paramref name="fieldId"/> and the payload of <paramref name="value"/>.</summary>
    void WriteField(ref Writer writer, uint fieldId, T value);

    /// <summary>Reads the payload of a field whose header (already consumed) carried <paramref name="wireType"/>.</summary>
    T ReadValue(ref Reader reader, WireType wireType);
}
