using Microsoft.CodeAnalysis;

namespace Orleans.Pipeline.Runtime.CodeGen.Analysis;

/// <summary>Which types the serializer can handle: the generator's mirror of the runtime's codec resolution.</summary>
internal static class TypeSupport
{
    /// <summary>
    /// Returns null if <paramref name="type"/> can be serialized, otherwise the innermost type that cannot
    /// (e.g. <c>Foo</c> for <c>List&lt;Foo&gt;</c>).
    /// </summary>
    public static ITypeSymbol? FindUnsupported(ITypeSymbol type, KnownTypes known)
    {
        switch (type)
        {
            case ITypeParameterSymbol:
                // Only reachable inside generic serializable types; the closed type is checked when it is used.
                return null;
            case IArrayTypeSymbol array:
                return array.IsSZArray ? FindUnsupported(array.ElementType, known) : type;
            case INamedTypeSymbol named:
                return FindUnsupportedNamed(named, known);
            default:
                return type;
        }
    }

    private static ITypeSymbol? FindUnsupportedNamed(INamedTypeSymbol type, KnownTypes known)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Byte:
            case SpecialType.System_SByte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Char:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
            case SpecialType.System_String:
            case SpecialType.System_DateTime:
                return null;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return null;
        }

        if (KnownTypes.Is(type, known.VoidResult) || KnownTypes.Is(type, known.GrainId))
        {
            return null;
        }

        if (type.TypeKind == TypeKind.Interface && known.IsAddressableInterface(type))
        {
            return type.IsGenericType ? FindUnsupportedArguments(type, known) : null;
        }

        var definition = type.OriginalDefinition;
        var name = MetadataName(definition);
        switch (name)
        {
            case "System.Guid":
            case "System.DateTimeOffset":
            case "System.TimeSpan":
                return null;
            case "System.ReadOnlyMemory`1":
            case "System.Memory`1":
                return type.TypeArguments[0].SpecialType == SpecialType.System_Byte ? null : type;
            case "System.Nullable`1":
            case "System.Collections.Generic.List`1":
            case "System.Collections.Generic.IList`1":
            case "System.Collections.Generic.IReadOnlyList`1":
            case "System.Collections.Generic.ICollection`1":
            case "System.Collections.Generic.IReadOnlyCollection`1":
            case "System.Collections.Generic.IEnumerable`1":
            case "System.Collections.Generic.HashSet`1":
            case "System.Collections.Generic.ISet`1":
            case "System.Collections.Generic.IReadOnlySet`1":
            case "System.Collections.Generic.Dictionary`2":
            case "System.Collections.Generic.IDictionary`2":
            case "System.Collections.Generic.IReadOnlyDictionary`2":
            case "System.Collections.Generic.KeyValuePair`2":
            case "System.ValueTuple`1":
            case "System.ValueTuple`2":
            case "System.ValueTuple`3":
            case "System.ValueTuple`4":
                return FindUnsupportedArguments(type, known);
        }

        if (KnownTypes.FindAttribute(definition, known.GenerateSerializer) is not null)
        {
            return FindUnsupportedArguments(type, known);
        }

        return type;
    }

    private static ITypeSymbol? FindUnsupportedArguments(INamedTypeSymbol type, KnownTypes known)
    {
        foreach (var argument in type.TypeArguments)
        {
            if (FindUnsupported(argument, known) is { } unsupported)
            {
                return unsupported;
            }
        }

        return null;
    }

    private static string MetadataName(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? type.MetadataName : ns.ToDisplayString() + "." + type.MetadataName;
    }
}
