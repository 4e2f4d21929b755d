using Microsoft.CodeAnalysis;

namespace Orleans.Pipeline.Runtime.CodeGen.Analysis;

internal static class AccessibilityCheck
{
    /// <summary>True if code elsewhere in the same assembly can name <paramref name="symbol"/>.</summary>
    public static bool IsAccessibleInAssembly(ISymbol symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    public static string Describe(ISymbol symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingType)
        {
            switch (current.DeclaredAccessibility)
            {
                case Accessibility.Public:
                case Accessibility.Internal:
                case Accessibility.ProtectedOrInternal:
                    continue;
                case Accessibility.Private:
                    return ReferenceEquals(current, symbol) ? "private" : $"inside private '{current.Name}'";
                default:
                    return ReferenceEquals(current, symbol) ? "protected" : $"inside protected '{current.Name}'";
            }
        }

        return "accessible";
    }

    public static bool IsGenericOrInGeneric(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }
}
