using Orleans.Pipeline.Runtime.Invocation;

namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

/// <summary>
/// No value. As a top-level value <see cref="Codec{T}"/> writes nothing at all; as a field (a collection element,
/// say) it is a null field, so the surrounding structure stays readable.
/// </summary>
internal sealed class VoidResultCodec : IFieldCodec<VoidResult>
{
    public static readonly VoidResultCodec Instance = new();

    public void WriteField(ref Writer writer, uint fieldId, VoidResult value) => writer.WriteNull(fieldId);

    public VoidResult ReadValue(ref Reader reader, WireType wireType)
    {
        reader.SkipValue(wireType);
        return default;
    }
}
