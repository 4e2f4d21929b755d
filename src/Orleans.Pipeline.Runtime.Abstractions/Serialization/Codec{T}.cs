using System.Runtime.CompilerServices;
using Orleans.Pipeline.Runtime.Invocation;
using Orleans.Pipeline.Runtime.Manifest;

namespace Orleans.Pipeline.Runtime.Serialization;

/// <summary>
/// The serializer of <typeparamref name="T"/>. The codec is found once per closed type and kept in a static field,
/// so a call costs a field read and an interface call: built-in types and collections are known here; generated
/// serializers register from their assembly's module initializer (<see cref="Register"/>).
/// </summary>
/// <remarks>
/// A top-level value (<see cref="Write"/>) is written as field 0, so null and the wire type travel with it.
/// <see cref="VoidResult"/> is the exception: at the top level it writes and reads nothing.
/// </remarks>
public static class Codec<T>
{
    private static IFieldCodec<T>? s_codec;

    /// <summary>The codec of <typeparamref name="T"/>. Throws <see cref="NotSupportedException"/> if there is none.</summary>
    public static IFieldCodec<T> Instance
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_codec ?? Resolve();
    }

    /// <summary>Installs the codec of <typeparamref name="T"/>. Called by generated module initializers.</summary>
    public static void Register(IFieldCodec<T> codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        s_codec = codec;
    }

    /// <summary>Writes <paramref name="value"/> as a top-level value (field 0).</summary>
    public static void Write(ref Writer writer, T value)
    {
        if (typeof(T) == typeof(VoidResult))
        {
            return;
        }

        Instance.WriteField(ref writer, 0, value);
    }

    /// <summary>Reads a top-level value written by <see cref="Write"/>.</summary>
    public static T Read(ref Reader reader)
    {
        if (typeof(T) == typeof(VoidResult))
        {
            return default!;
        }

        reader.ReadFieldHeader(out _, out var wireType);
        return Instance.ReadValue(ref reader, wireType);
    }

    /// <summary>Writes <paramref name="value"/> as field <paramref name="fieldId"/> of the current object.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteField(ref Writer writer, uint fieldId, T value) => Instance.WriteField(ref writer, fieldId, value);

    /// <summary>Reads the payload of a field whose header carried <paramref name="wireType"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ReadValue(ref Reader reader, WireType wireType) => Instance.ReadValue(ref reader, wireType);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IFieldCodec<T> Resolve()
    {
        var codec = CodecResolver.TryCreate(typeof(T));
        if (codec is null)
        {
            // Generated serializers register from their assembly's module initializer, which runs only once
            // something in that assembly is touched; a type can be in hand before that happens.
            GrainTypeManifest.EnsureLoaded(typeof(T).Assembly);
            if (s_codec is { } registered)
            {
                return registered;
            }

            codec = CodecResolver.TryCreate(typeof(T));
        }

        if (codec is not IFieldCodec<T> typed)
        {
            throw new NotSupportedException(
                $"{TypeNames.Format(typeof(T))} cannot be serialized: it is not a built-in type, supported collection, enum or grain interface, and it has no generated serializer. "
                + "Mark it [GenerateSerializer], give the members to keep [Id(n)], and make sure its project references the code generator.");
        }

        s_codec = typed;
        return typed;
    }
}
