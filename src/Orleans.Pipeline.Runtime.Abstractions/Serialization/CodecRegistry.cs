using System.Collections.Concurrent;

namespace Orleans.Pipeline.Runtime.Serialization;

/// <summary>Registration of codecs for generic types, whose closed forms are only known at run time.</summary>
public static class CodecRegistry
{
    private static readonly ConcurrentDictionary<Type, Type> s_genericCodecs = new();

    /// <summary>
    /// Registers <paramref name="codecDefinition"/> (an open generic class implementing
    /// <see cref="IFieldCodec{T}"/> for <paramref name="typeDefinition"/> with the same type parameters) as the codec
    /// of every closed form of <paramref name="typeDefinition"/>. Called by generated module initializers.
    /// </summary>
    public static void RegisterGeneric(Type typeDefinition, Type codecDefinition)
    {
        ArgumentNullException.ThrowIfNull(typeDefinition);
        ArgumentNullException.ThrowIfNull(codecDefinition);
        if (!typeDefinition.IsGenericTypeDefinition || !codecDefinition.IsGenericTypeDefinition
            || typeDefinition.GetGenericArguments().Length != codecDefinition.GetGenericArguments().Length)
        {
            throw new ArgumentException(
                $"{codecDefinition.Name} and {typeDefinition.Name} must both be open generic types with the same number of type parameters.");
        }

        s_genericCodecs[typeDefinition] = codecDefinition;
    }

    internal static Type? FindGeneric(Type typeDefinition) =>
        s_genericCodecs.TryGetValue(typeDefinition, out var codec) ? codec : null;
}
