using Microsoft.CodeAnalysis;

namespace Orleans.Pipeline.Runtime.CodeGen.Diagnostics;

/// <summary>The errors the generator reports. Each names the offending interface, method, parameter, member or type.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Orleans.Pipeline.CodeGen";

    public static readonly DiagnosticDescriptor InvalidReturnType = Error(
        "OPG001",
        "Grain method has an unsupported return type",
        "Grain interface method '{0}' returns '{1}'; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>.");

    public static readonly DiagnosticDescriptor ByRefParameter = Error(
        "OPG002",
        "Grain method parameter is passed by reference",
        "Parameter '{0}' of grain interface method '{1}' is declared '{2}'; grain method arguments cross the wire by value, so ref, out and in parameters are not supported. Return the value instead.");

    public static readonly DiagnosticDescriptor NotSerializableParameter = Error(
        "OPG003",
        "Grain method parameter or return type cannot be serialized",
        "{0} of grain interface method '{1}' has type '{2}', which cannot be serialized: '{3}' is not a supported built-in type, collection, enum, grain interface or [GenerateSerializer] type. Mark '{3}' with [GenerateSerializer] or use a supported type.");

    public static readonly DiagnosticDescriptor DuplicateId = Error(
        "OPG004",
        "Duplicate [Id] in a serializable type",
        "Member '{0}' of '{1}' has [Id({2})], which member '{3}' already has; each serialized member (including inherited ones) needs its own id.");

    public static readonly DiagnosticDescriptor NotSerializableMember = Error(
        "OPG005",
        "Serialized member type cannot be serialized",
        "Member '{0}' of '{1}' has type '{2}', which cannot be serialized: '{3}' is not a supported built-in type, collection, enum, grain interface or [GenerateSerializer] type. Mark '{3}' with [GenerateSerializer] or use a supported type.");

    public static readonly DiagnosticDescriptor InterfaceHasPropertyOrEvent = Error(
        "OPG006",
        "Grain interface declares a property or event",
        "Grain interface '{0}' declares {1} '{2}'; grain interfaces may only declare methods that return Task, Task<T>, ValueTask or ValueTask<T>.");

    public static readonly DiagnosticDescriptor GenericNotSupported = Error(
        "OPG007",
        "Generic grain interface, grain method or grain class",
        "{0} '{1}' is generic; generic grain interfaces, grain methods and grain classes are not supported.");

    public static readonly DiagnosticDescriptor MemberNotAccessible = Error(
        "OPG008",
        "Serialized member cannot be read or set by generated code",
        "Member '{0}' of '{1}' cannot be serialized: {2}.");

    public static readonly DiagnosticDescriptor TypeNotAccessible = Error(
        "OPG009",
        "Type is not accessible to generated code",
        "'{0}' is {1}; generated code needs it to be public or internal (also every type that contains it).");

    public static readonly DiagnosticDescriptor NoPublicConstructor = Error(
        "OPG010",
        "Grain class has no public constructor",
        "Grain class '{0}' has no public constructor; the runtime constructs grains through their public constructor with the most parameters.");

    public static readonly DiagnosticDescriptor InvalidPersistentStateParameter = Error(
        "OPG011",
        "[PersistentState] parameter is not an IPersistentState<T>",
        "Parameter '{0}' of the constructor of grain class '{1}' is marked [PersistentState] but has type '{2}'; it must be IPersistentState<TState>.");

    public static readonly DiagnosticDescriptor UnsupportedSerializableType = Error(
        "OPG012",
        "Type cannot have a generated serializer",
        "'{0}' cannot have a generated serializer: {1}.");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
