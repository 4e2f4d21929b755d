using System.Linq;
using Microsoft.CodeAnalysis;

namespace Orleans.Pipeline.Runtime.CodeGen.Model;

/// <summary>A diagnostic to report, kept as plain data in the models.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor, location, EquatableArray.From(arguments));

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.AsImmutableArray().Cast<object>().ToArray());
}
