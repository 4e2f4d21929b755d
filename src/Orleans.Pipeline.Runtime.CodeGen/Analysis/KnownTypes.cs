using Microsoft.CodeAnalysis;

namespace Orleans.Pipeline.Runtime.CodeGen.Analysis;

/// <summary>The runtime's types as symbols of one compilation. Used inside transforms only, never cached.</summary>
internal sealed class KnownTypes
{
    public const string RuntimeNamespace = "Orleans.Pipeline.Runtime";
    public const string GenerateSerializerAttributeName = RuntimeNamespace + ".GenerateSerializerAttribute";

    private KnownTypes(Compilation compilation, INamedTypeSymbol addressable, INamedTypeSymbol grain)
    {
        Addressable = addressable;
        Grain = grain;
        GrainBase = compilation.GetTypeByMetadataName(RuntimeNamespace + ".Grain");
        GenerateSerializer = compilation.GetTypeByMetadataName(GenerateSerializerAttributeName);
        Id = compilation.GetTypeByMetadataName(RuntimeNamespace + ".IdAttribute");
        AlwaysInterleave = compilation.GetTypeByMetadataName(RuntimeNamespace + ".AlwaysInterleaveAttribute");
        Reentrant = compilation.GetTypeByMetadataName(RuntimeNamespace + ".ReentrantAttribute");
        GrainType = compilation.GetTypeByMetadataName(RuntimeNamespace + ".GrainTypeAttribute");
        PersistentState = compilation.GetTypeByMetadataName(RuntimeNamespace + ".Persistence.PersistentStateAttribute");
        PersistentStateInterface = compilation.GetTypeByMetadataName(RuntimeNamespace + ".Persistence.IPersistentState`1");
        VoidResult = compilation.GetTypeByMetadataName(RuntimeNamespace + ".Invocation.VoidResult");
        GrainId = compilation.GetTypeByMetadataName(RuntimeNamespace + ".GrainId");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
    }

    public INamedTypeSymbol Addressable { get; }

    public INamedTypeSymbol Grain { get; }

    public INamedTypeSymbol? GrainBase { get; }

    public INamedTypeSymbol? GenerateSerializer { get; }

    public INamedTypeSymbol? Id { get; }

    public INamedTypeSymbol? AlwaysInterleave { get; }

    public INamedTypeSymbol? Reentrant { get; }

    public INamedTypeSymbol? GrainType { get; }

    public INamedTypeSymbol? PersistentState { get; }

    public INamedTypeSymbol? PersistentStateInterface { get; }

    public INamedTypeSymbol? VoidResult { get; }

    public INamedTypeSymbol? GrainId { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    /// <summary>Null when the compilation does not reference the runtime's abstractions: then there is nothing to generate.</summary>
    public static KnownTypes? Get(Compilation compilation)
    {
        var addressable = compilation.GetTypeByMetadataName(RuntimeNamespace + ".IAddressable");
        var grain = compilation.GetTypeByMetadataName(RuntimeNamespace + ".IGrain");
        return addressable is null || grain is null ? null : new KnownTypes(compilation, addressable, grain);
    }

    /// <summary>The interfaces that mark grain interfaces; they get no proxy of their own.</summary>
    public static bool IsMarkerInterface(INamedTypeSymbol type)
    {
        if (type.ContainingNamespace?.ToDisplayString() != RuntimeNamespace)
        {
            return false;
        }

        return type.MetadataName is "IAddressable" or "IGrain" or "IGrainWithStringKey" or "IGrainWithGuidKey" or "IGrainWithIntegerKey";
    }

    /// <summary>A grain interface: an interface deriving from IGrain, other than the marker interfaces.</summary>
    public bool IsGrainInterface(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Interface } named || IsMarkerInterface(named))
        {
            return false;
        }

        foreach (var inherited in named.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(inherited, Grain))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An interface that can be called through a grain reference (derives from IAddressable), other than the markers.</summary>
    public bool IsAddressableInterface(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Interface } named || IsMarkerInterface(named))
        {
            return false;
        }

        foreach (var inherited in named.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(inherited, Addressable))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Is(ISymbol? symbol, INamedTypeSymbol? type) =>
        type is not null && SymbolEqualityComparer.Default.Equals(symbol, type);

    public static AttributeData? FindAttribute(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return null;
        }

        foreach (var data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return data;
            }
        }

        return null;
    }
}
