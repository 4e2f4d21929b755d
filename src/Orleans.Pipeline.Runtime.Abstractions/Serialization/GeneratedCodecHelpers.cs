using System.Diagnostics.CodeAnalysis;

namespace Orleans.Pipeline.Runtime.Serialization;

/// <summary>Helpers that generated serializers call. Not for hand-written code.</summary>
public static class GeneratedCodecHelpers
{
    /// <summary>
    /// Throws for a value whose run-time type is a subtype of the declared one: serializers write the declared
    /// type's members only, and dropping the subtype's data silently would be worse than failing.
    /// </summary>
    [DoesNotReturn]
    public static void ThrowSubtypeNotSupported(Type declaredType, Type actualType)
    {
        ArgumentNullException.ThrowIfNull(declaredType);
        ArgumentNullException.ThrowIfNull(actualType);
        throw new NotSupportedException(
            $"Cannot serialize a {TypeNames.Format(actualType)} where a {TypeNames.Format(declaredType)} is expected: the serializer writes the declared type only, and does not support polymorphism. "
            + $"Declare the field, parameter or return type as {TypeNames.Format(actualType)}, or copy the value into a {TypeNames.Format(declaredType)}.");
    }

    /// <summary>Throws for a grain interface value that is not a grain reference (e.g. a grain passing <c>this</c>).</summary>
    [DoesNotReturn]
    public static void ThrowNotAGrainReference(Type interfaceType, Type actualType)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        ArgumentNullException.ThrowIfNull(actualType);
        throw new NotSupportedException(
            $"Cannot serialize a {TypeNames.Format(actualType)} as {TypeNames.Format(interfaceType)}: only grain references cross the wire. "
            + "Pass a reference from IGrainFactory.GetGrain (inside a grain: GrainFactory.GetGrain<T>(GrainId)) instead of the grain object.");
    }
}
