using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Orleans.Pipeline.Runtime.CodeGen.Diagnostics;
using Orleans.Pipeline.Runtime.CodeGen.Model;

namespace Orleans.Pipeline.Runtime.CodeGen.Analysis;

/// <summary>Turns a grain interface symbol into the model its proxy and requests are generated from.</summary>
internal static class GrainInterfaceModelBuilder
{
    public static GrainInterfaceModel? Build(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol symbol
            || !IsFirstDeclaration(symbol, context.Node, cancellationToken))
        {
            return null;
        }

        var known = KnownTypes.Get(context.SemanticModel.Compilation);
        return known is null || !known.IsGrainInterface(symbol) ? null : Build(symbol, known, cancellationToken);
    }

    /// <summary>A partial type is seen once per declaration; only its first one produces a model.</summary>
    public static bool IsFirstDeclaration(INamedTypeSymbol symbol, SyntaxNode node, CancellationToken cancellationToken)
    {
        var references = symbol.DeclaringSyntaxReferences;
        return references.Length <= 1 || references[0].GetSyntax(cancellationToken) == node;
    }

    private static GrainInterfaceModel Build(INamedTypeSymbol symbol, KnownTypes known, CancellationToken cancellationToken)
    {
        var location = LocationInfo.From(symbol, null);
        var diagnostics = new List<DiagnosticInfo>();
        var isValid = true;

        if (!AccessibilityCheck.IsAccessibleInAssembly(symbol))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotAccessible, location, symbol.ForMessage(), AccessibilityCheck.Describe(symbol)));
        }

        if (AccessibilityCheck.IsGenericOrInGeneric(symbol))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericNotSupported, location, "Grain interface", symbol.ForMessage()));
        }

        var interfaces = new List<INamedTypeSymbol> { symbol };
        interfaces.AddRange(symbol.AllInterfaces.Where(known.IsGrainInterface));

        var methods = new List<GrainMethodModel>();
        foreach (var declaring in interfaces)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var isOwn = SymbolEqualityComparer.Default.Equals(declaring, symbol);

            // Errors in another interface of this compilation are reported with that interface; errors in one from
            // a referenced assembly have no source of their own, so they are reported here.
            var fromMetadata = !declaring.Locations.Any(static l => l.IsInSource);
            var report = isOwn || fromMetadata;
            var errors = new List<DiagnosticInfo>();
            foreach (var member in declaring.GetMembers())
            {
                if (member.IsStatic)
                {
                    continue;
                }

                var memberLocation = isOwn ? LocationInfo.From(member, location) : location;
                switch (member)
                {
                    case IPropertySymbol property:
                        errors.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.InterfaceHasPropertyOrEvent, memberLocation, declaring.ForMessage(), property.IsIndexer ? "indexer" : "property", property.Name));
                        break;
                    case IEventSymbol @event:
                        errors.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.InterfaceHasPropertyOrEvent, memberLocation, declaring.ForMessage(), "event", @event.Name));
                        break;
                    case IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                        if (BuildMethod(declaring, method, known, memberLocation, errors) is { } model)
                        {
                            methods.Add(model);
                        }

                        break;
                }
            }

            if (errors.Count > 0)
            {
                isValid = false;
                if (report)
                {
                    diagnostics.AddRange(errors);
                }
            }
        }

        isValid &= diagnostics.Count == 0;
        return new GrainInterfaceModel(
            symbol.ForCode(),
            symbol.Name,
            SymbolFormats.HintName("GrainInterface", symbol),
            EquatableArray.From(methods),
            EquatableArray.From(diagnostics),
            isValid);
    }

    private static GrainMethodModel? BuildMethod(
        INamedTypeSymbol declaring, IMethodSymbol method, KnownTypes known, LocationInfo? location, List<DiagnosticInfo> errors)
    {
        var methodName = declaring.Name + "." + method.Name;
        var errorCount = errors.Count;
        if (method.IsGenericMethod)
        {
            errors.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericNotSupported, location, "Grain method", methodName));
        }

        var returnType = method.ReturnType;
        var definition = returnType.OriginalDefinition;
        ReturnKind kind;
        ITypeSymbol? resultType = null;
        if (KnownTypes.Is(returnType, known.Task))
        {
            kind = ReturnKind.Task;
        }
        else if (KnownTypes.Is(returnType, known.ValueTask))
        {
            kind = ReturnKind.ValueTask;
        }
        else if (KnownTypes.Is(definition, known.TaskOfT))
        {
            kind = ReturnKind.TaskOfT;
            resultType = ((INamedTypeSymbol)returnType).TypeArguments[0];
        }
        else if (KnownTypes.Is(definition, known.ValueTaskOfT))
        {
            kind = ReturnKind.ValueTaskOfT;
            resultType = ((INamedTypeSymbol)returnType).TypeArguments[0];
        }
        else
        {
            errors.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidReturnType, location, methodName, returnType.ForMessage()));
            return null;
        }

        if (resultType is not null && TypeSupport.FindUnsupported(resultType, known) is { } unsupportedResult)
        {
            errors.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.NotSerializableParameter, location, "The return type", methodName, resultType.ForMessage(), unsupportedResult.ForMessage()));
        }

        var parameters = new List<ParameterModel>();
        var idTypes = new List<string>();
        foreach (var parameter in method.Parameters)
        {
            var parameterLocation = LocationInfo.From(parameter, location);
            if (parameter.RefKind != RefKind.None)
            {
                errors.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ByRefParameter, parameterLocation, parameter.Name, methodName, RefKindText(parameter.RefKind)));
            }
            else if (TypeSupport.FindUnsupported(parameter.Type, known) is { } unsupported)
            {
                errors.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.NotSerializableParameter,
                    parameterLocation,
                    "Parameter '" + parameter.Name + "'",
                    methodName,
                    parameter.Type.ForMessage(),
                    unsupported.ForMessage()));
            }

            parameters.Add(new ParameterModel(SymbolFormats.Identifier(parameter.Name), parameter.Type.ForCode()));
            idTypes.Add(parameter.Type.ToDisplayString(SymbolFormats.Id));
        }

        if (errors.Count != errorCount)
        {
            return null;
        }

        var methodId = declaring.ToDisplayString(SymbolFormats.Id) + "." + method.Name + "(" + string.Join(",", idTypes) + ")";
        return new GrainMethodModel(
            declaring.ForCode(),
            method.Name,
            methodId,
            methodName,
            kind,
            returnType.ForCode(),
            resultType?.ForCode() ?? "global::Orleans.Pipeline.Runtime.Invocation.VoidResult",
            KnownTypes.FindAttribute(method, known.AlwaysInterleave) is not null,
            EquatableArray.From(parameters));
    }

    private static string RefKindText(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref",
        RefKind.Out => "out",
        RefKind.In => "in",
        _ => "ref readonly",
    };
}
