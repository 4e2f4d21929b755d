namespace Orleans.Pipeline.Runtime.Serialization;

/// <summary>
/// A grain interface value: the reference's <see cref="GrainId"/> goes on the wire, and reading turns it back into a
/// reference through <see cref="Reader.GrainFactory"/>.
/// </summary>
public sealed class GrainReferenceCodec<TInterface> : IFieldCodec<TInterface>
    where TInterface : class, IAddressable
{
    public void WriteField(ref Writer writer, uint fieldId, TInterface value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull(fieldId);
                break;
            case GrainReference reference:
                Codec<GrainId>.WriteField(ref writer, fieldId, reference.GrainId);
                break;
            default:
                GeneratedCodecHelpers.ThrowNotAGrainReference(typeof(TInterface), value.GetType());
                break;
        }
    }

    public TInterface ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType == WireType.Null)
        {
            return null!;
        }

        var grainId = Codec<GrainId>.ReadValue(ref reader, wireType);
        var factory = reader.GrainFactory ?? throw new InvalidOperationException(
            $"Read a reference to grain {grainId} as {TypeNames.Format(typeof(TInterface))}, but the reader has no grain factory to make references; pass one to the Reader or Serializer.Deserialize.");
        return factory.GetGrain<TInterface>(grainId);
    }
}
