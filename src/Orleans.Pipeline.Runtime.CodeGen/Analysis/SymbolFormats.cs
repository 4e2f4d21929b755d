using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Orleans.Pipeline.Runtime.CodeGen.Analysis;

internal static class SymbolFormats
{
    /// <summary>For generated code: <c>global::</c>-qualified, with nullable annotations.</summary>
    public static readonly SymbolDisplayFormat Code = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>For method ids: namespace-qualified, C# keywords for special types, no nullable reference annotations.</summary>
    public static readonly SymbolDisplayFormat Id = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>For messages: short names, as C# error messages show types (<c>List&lt;Payload&gt;</c>, <c>string?</c>).</summary>
    public static readonly SymbolDisplayFormat Message = SymbolDisplayFormat.CSharpShortErrorMessageFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static string ForCode(this ITypeSymbol type) => type.ToDisplayString(Code);

    public static string ForMessage(this ISymbol symbol) => symbol.ToDisplayString(Message);

    /// <summary>A parameter name usable as an identifier (<c>@class</c> for <c>class</c>).</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>A C# string literal.</summary>
    public static string Literal(string? value) =>
        value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>A file name for a generated source.</summary>
    public static string HintName(string kind, ITypeSymbol type)
    {
        var name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", string.Empty);
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsLetterOrDigit(chars[i]) && chars[i] != '.')
            {
                chars[i] = '_';
            }
        }

        return kind + "." + new string(chars) + ".g.cs";
    }
}
