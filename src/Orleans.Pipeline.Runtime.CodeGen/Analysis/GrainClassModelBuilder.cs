using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Orleans.Pipeline.Runtime.CodeGen.Diagnostics;
using Orleans.Pipeline.Runtime.CodeGen.Model;

namespace Orleans.Pipeline.Runtime.CodeGen.Analysis;

/// <summary>Turns a grain class symbol into the model its activation registration is generated from.</summary>
internal static class GrainClassModelBuilder
{
    public static GrainClassModel? Build(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol symbol
            || symbol.IsAbstract
            || symbol.IsStatic
            || !GrainInterfaceModelBuilder.IsFirstDeclaration(symbol, context.Node, cancellationToken))
        {
            return null;
        }

        var known = KnownTypes.Get(context.SemanticModel.Compilation);
        if (known?.GrainBase is null || !DerivesFrom(symbol, known.GrainBase))
        {
            return null;
        }

        var interfaces = new List<string>();
        foreach (var implemented in symbol.AllInterfaces)
        {
            if (known.IsGrainInterface(implemented))
            {
                interfaces.Add(implemented.ForCode());
            }
        }

        return interfaces.Count == 0 ? null : Build(symbol, known, interfaces);
    }

    private static GrainClassModel Build(INamedTypeSymbol symbol, KnownTypes known, List<string> interfaces)
    {
        var location = LocationInfo.From(symbol, null);
        var diagnostics = new List<DiagnosticInfo>();
        if (!AccessibilityCheck.IsAccessibleInAssembly(symbol))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotAccessible, location, symbol.ForMessage(), AccessibilityCheck.Describe(symbol)));
        }

        if (AccessibilityCheck.IsGenericOrInGeneric(symbol))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericNotSupported, location, "Grain class", symbol.ForMessage()));
        }

        IMethodSymbol? constructor = null;
        foreach (var candidate in symbol.InstanceConstructors)
        {
            if (candidate.DeclaredAccessibility == Accessibility.Public
                && (constructor is null || candidate.Parameters.Length > constructor.Parameters.Length))
            {
                constructor = candidate;
            }
        }

        var arguments = new List<ConstructorArgumentModel>();
        if (constructor is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoPublicConstructor, location, symbol.ForMessage()));
        }
        else
        {
            foreach (var parameter in constructor.Parameters)
            {
                var state = KnownTypes.FindAttribute(parameter, known.PersistentState);
                if (state is null)
                {
                    arguments.Add(new ConstructorArgumentModel(parameter.Type.ForCode(), null, null, null));
                    continue;
                }

                if (parameter.Type is not INamedTypeSymbol named || !KnownTypes.Is(named.OriginalDefinition, known.PersistentStateInterface))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.InvalidPersistentStateParameter,
                        LocationInfo.From(parameter, location),
                        parameter.Name,
                        symbol.ForMessage(),
                        parameter.Type.ForMessage()));
                    continue;
                }

                var stateName = state.ConstructorArguments.Length > 0 ? state.ConstructorArguments[0].Value as string : null;
                var storageName = state.ConstructorArguments.Length > 1 ? state.ConstructorArguments[1].Value as string : null;
                arguments.Add(new ConstructorArgumentModel(parameter.Type.ForCode(), named.TypeArguments[0].ForCode(), stateName ?? parameter.Name, storageName));
            }
        }

        return new GrainClassModel(
            symbol.ForCode(),
            symbol.Name,
            SymbolFormats.HintName("GrainClass", symbol),
            GrainTypeName(symbol, known),
            IsReentrant(symbol, known),
            EquatableArray.From(interfaces),
            EquatableArray.From(arguments),
            EquatableArray.From(diagnostics));
    }

    private static string GrainTypeName(INamedTypeSymbol symbol, KnownTypes known)
    {
        if (KnownTypes.FindAttribute(symbol, known.GrainType) is { ConstructorArguments.Length: > 0 } attribute
            && attribute.ConstructorArguments[0].Value is string name)
        {
            return name;
        }

        var typeName = symbol.Name;
        if (typeName.Length > "Grain".Length && typeName.EndsWith("Grain", StringComparison.Ordinal))
        {
            typeName = typeName.Substring(0, typeName.Length - "Grain".Length);
        }

        return typeName.ToLowerInvariant();
    }

    private static bool IsReentrant(INamedTypeSymbol symbol, KnownTypes known)
    {
        for (var current = symbol; current is not null; current = current.BaseType)
        {
            if (KnownTypes.FindAttribute(current, known.Reentrant) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static bool DerivesFrom(INamedTypeSymbol symbol, INamedTypeSymbol baseType)
    {
        for (var current = symbol.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
