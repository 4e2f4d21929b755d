using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Orleans.Pipeline.Runtime.CodeGen.Diagnostics;
using Orleans.Pipeline.Runtime.CodeGen.Model;

namespace Orleans.Pipeline.Runtime.CodeGen.Analysis;

/// <summary>Turns a [GenerateSerializer] type into the model its codec is generated from.</summary>
internal static class SerializableTypeModelBuilder
{
    public static SerializableTypeModel? Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol symbol
            || symbol.TypeKind is not (TypeKind.Class or TypeKind.Struct)
            || symbol.IsStatic)
        {
            // Enums need no generated code: the built-in enum codec handles them.
            return null;
        }

        var known = KnownTypes.Get(context.SemanticModel.Compilation);
        return known is null ? null : Build(symbol, known, cancellationToken);
    }

    private static SerializableTypeModel Build(INamedTypeSymbol symbol, KnownTypes known, CancellationToken cancellationToken)
    {
        var location = LocationInfo.From(symbol, null);
        var typeName = symbol.ForMessage();
        var diagnostics = new List<DiagnosticInfo>();

        if (!AccessibilityCheck.IsAccessibleInAssembly(symbol))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotAccessible, location, typeName, AccessibilityCheck.Describe(symbol)));
        }

        for (var outer = symbol.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.IsGenericType)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedSerializableType, location, typeName, "it is nested in generic type '" + outer.ForMessage() + "'"));
                break;
            }
        }

        foreach (var parameter in symbol.TypeParameters)
        {
            if (parameter.HasReferenceTypeConstraint || parameter.HasValueTypeConstraint || parameter.HasUnmanagedTypeConstraint
                || parameter.HasNotNullConstraint || parameter.HasConstructorConstraint || parameter.ConstraintTypes.Length > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedSerializableType, location, typeName, "its type parameter '" + parameter.Name + "' has constraints, which generated serializers do not support"));
            }
        }

        var members = new List<SerializableMemberModel>();
        var memberSymbols = new List<ISymbol>();
        var readOnly = new List<bool>();
        var byId = new Dictionary<uint, ISymbol>();

        // Inherited members first: a [GenerateSerializer] class writes the members of its [GenerateSerializer] bases.
        var chain = new List<INamedTypeSymbol>();
        for (var current = symbol; current is not null; current = current.BaseType)
        {
            if (!ReferenceEquals(current, symbol) && KnownTypes.FindAttribute(current.OriginalDefinition, known.GenerateSerializer) is null)
            {
                break;
            }

            chain.Insert(0, current);
        }

        foreach (var type in chain)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var isOwn = ReferenceEquals(type, symbol);
            foreach (var (member, id, attributeLocation) in FindMembers(type, known, diagnostics, isOwn ? location : null, typeName))
            {
                var memberLocation = isOwn ? attributeLocation ?? LocationInfo.From(member, location) : location;
                if (byId.TryGetValue(id, out var existing))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateId, memberLocation, member.Name, typeName, id.ToString(System.Globalization.CultureInfo.InvariantCulture), existing.Name));
                    continue;
                }

                byId[id] = member;
                if (Describe(member, known, memberLocation, typeName, diagnostics) is { } model)
                {
                    members.Add(model.Member);
                    memberSymbols.Add(member);
                    readOnly.Add(model.ReadOnly);
                }
            }
        }

        var constructorArguments = new List<int>();
        if (!symbol.IsAbstract)
        {
            ChooseConstructor(symbol, members, memberSymbols, readOnly, constructorArguments, diagnostics, location, typeName);
        }

        var isGeneric = symbol.IsGenericType;
        var codecName = symbol.Name + "_Codec";
        return new SerializableTypeModel(
            symbol.ForCode(),
            codecName,
            SymbolFormats.HintName("Serializer", symbol),
            symbol.IsValueType,
            symbol.IsValueType || symbol.IsSealed,
            symbol.IsAbstract,
            EquatableArray.From(symbol.TypeParameters.Select(static p => p.Name)),
            isGeneric ? OpenTypeName(symbol) : null,
            EquatableArray.From(members),
            EquatableArray.From(constructorArguments),
            EquatableArray.From(diagnostics));
    }

    private static IEnumerable<(ISymbol Member, uint Id, LocationInfo? AttributeLocation)> FindMembers(
        INamedTypeSymbol type, KnownTypes known, List<DiagnosticInfo> diagnostics, LocationInfo? reportAt, string typeName)
    {
        var found = new List<(ISymbol, uint, LocationInfo?)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in type.GetMembers())
        {
            if (member.IsStatic || member.IsImplicitlyDeclared || member is not (IFieldSymbol or IPropertySymbol { IsIndexer: false }))
            {
                continue;
            }

            if (KnownTypes.FindAttribute(member, known.Id) is { } attribute && ReadId(attribute) is { } id)
            {
                found.Add((member, id, null));
                seen.Add(member.Name);
            }
        }

        // [Id] on a record's positional parameter (without 'property:') is on the parameter, not on the property.
        foreach (var constructor in type.InstanceConstructors)
        {
            foreach (var parameter in constructor.Parameters)
            {
                if (KnownTypes.FindAttribute(parameter, known.Id) is not { } attribute || ReadId(attribute) is not { } id || seen.Contains(parameter.Name))
                {
                    continue;
                }

                var property = type.GetMembers(parameter.Name).FirstOrDefault(static m => m is IPropertySymbol or IFieldSymbol);
                if (property is null)
                {
                    if (reportAt is not null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.MemberNotAccessible,
                            LocationInfo.From(parameter, reportAt),
                            parameter.Name,
                            typeName,
                            "the constructor parameter has [Id] but there is no property or field named '" + parameter.Name + "' to read its value from"));
                    }

                    continue;
                }

                seen.Add(parameter.Name);
                found.Add((property, id, LocationInfo.From(parameter, reportAt)));
            }
        }

        // Ids, not declaration order, decide the order on the wire, so reordering members changes nothing.
        found.Sort(static (left, right) => left.Item2.CompareTo(right.Item2));
        return found;
    }

    private static uint? ReadId(AttributeData attribute) =>
        attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is uint id ? id : null;

    private static (SerializableMemberModel Member, bool ReadOnly)? Describe(
        ISymbol member, KnownTypes known, LocationInfo? location, string typeName, List<DiagnosticInfo> diagnostics)
    {
        ITypeSymbol type;
        bool readable;
        MemberAssignment assignment;
        var readOnly = false;
        switch (member)
        {
            case IFieldSymbol field:
                type = field.Type;
                readable = IsAccessible(field);
                readOnly = field.IsReadOnly;
                assignment = field.IsRequired ? MemberAssignment.Initializer : MemberAssignment.Settable;
                break;
            case IPropertySymbol property:
                type = property.Type;
                readable = property.GetMethod is { } getter && IsAccessible(property) && IsAccessible(getter);
                if (property.SetMethod is { } setter && IsAccessible(setter))
                {
                    assignment = setter.IsInitOnly || property.IsRequired ? MemberAssignment.Initializer : MemberAssignment.Settable;
                }
                else
                {
                    readOnly = true;
                    assignment = MemberAssignment.Constructor;
                }

                break;
            default:
                return null;
        }

        if (!readable)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.MemberNotAccessible, location, member.Name, typeName, "it is not public or internal, so generated code cannot read it"));
            return null;
        }

        if (TypeSupport.FindUnsupported(type, known) is { } unsupported)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.NotSerializableMember, location, member.Name, typeName, type.ForMessage(), unsupported.ForMessage()));
            return null;
        }

        if (readOnly)
        {
            assignment = MemberAssignment.Constructor;
        }

        return (new SerializableMemberModel(0, SymbolFormats.Identifier(member.Name), type.ForCode(), assignment) with { Id = IdOf(member, known) }, readOnly);
    }

    private static uint IdOf(ISymbol member, KnownTypes known)
    {
        if (KnownTypes.FindAttribute(member, known.Id) is { } attribute && ReadId(attribute) is { } id)
        {
            return id;
        }

        // The id came from a record's positional parameter of the same name.
        foreach (var constructor in member.ContainingType.InstanceConstructors)
        {
            foreach (var parameter in constructor.Parameters)
            {
                if (parameter.Name == member.Name && KnownTypes.FindAttribute(parameter, known.Id) is { } parameterAttribute && ReadId(parameterAttribute) is { } parameterId)
                {
                    return parameterId;
                }
            }
        }

        return 0;
    }

    private static bool IsAccessible(ISymbol symbol) =>
        symbol.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

    /// <summary>
    /// Picks the constructor that receives the most serialized members by name and type, among those that receive
    /// every read-only one, and records which member each parameter receives. Members it does not receive are set
    /// by the object initializer or assigned afterwards.
    /// </summary>
    private static void ChooseConstructor(
        INamedTypeSymbol symbol,
        List<SerializableMemberModel> members,
        List<ISymbol> memberSymbols,
        List<bool> readOnly,
        List<int> constructorArguments,
        List<DiagnosticInfo> diagnostics,
        LocationInfo? location,
        string typeName)
    {
        int[]? best = null;
        var bestMatched = -1;
        var bestUnmatched = int.MaxValue;
        foreach (var constructor in symbol.InstanceConstructors)
        {
            if (!IsAccessible(constructor)
                || (constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, symbol)))
            {
                continue;
            }

            var mapping = new int[constructor.Parameters.Length];
            var matched = 0;
            var covered = new bool[members.Count];
            for (var p = 0; p < mapping.Length; p++)
            {
                var parameter = constructor.Parameters[p];
                mapping[p] = -1;
                for (var m = 0; m < memberSymbols.Count; m++)
                {
                    if (!covered[m]
                        && string.Equals(memberSymbols[m].Name, parameter.Name, StringComparison.OrdinalIgnoreCase)
                        && SymbolEqualityComparer.Default.Equals(MemberType(memberSymbols[m]), parameter.Type))
                    {
                        mapping[p] = m;
                        covered[m] = true;
                        matched++;
                        break;
                    }
                }
            }

            var coversReadOnly = true;
            for (var m = 0; m < members.Count; m++)
            {
                coversReadOnly &= covered[m] || !readOnly[m];
            }

            var unmatched = mapping.Length - matched;
            if (coversReadOnly && (matched > bestMatched || (matched == bestMatched && unmatched < bestUnmatched)))
            {
                best = mapping;
                bestMatched = matched;
                bestUnmatched = unmatched;
            }
        }

        if (best is null)
        {
            for (var m = 0; m < members.Count; m++)
            {
                if (readOnly[m])
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.MemberNotAccessible,
                        LocationInfo.From(memberSymbols[m], location),
                        memberSymbols[m].Name,
                        typeName,
                        "it has no accessible setter and no public or internal constructor has a parameter of the same name and type"));
                }
            }

            if (diagnostics.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedSerializableType, location, typeName, "it has no public or internal constructor"));
            }

            return;
        }

        var inConstructor = new bool[members.Count];
        foreach (var index in best)
        {
            if (index >= 0)
            {
                inConstructor[index] = true;
            }
        }

        for (var m = 0; m < members.Count; m++)
        {
            if (inConstructor[m])
            {
                members[m] = members[m] with { Assignment = MemberAssignment.Constructor };
            }
        }

        constructorArguments.AddRange(best);
    }

    private static ITypeSymbol? MemberType(ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    private static string OpenTypeName(INamedTypeSymbol symbol)
    {
        var name = symbol.ConstructUnboundGenericType().ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        return name;
    }
}
