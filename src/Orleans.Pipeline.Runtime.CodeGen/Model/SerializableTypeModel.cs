namespace Orleans.Pipeline.Runtime.CodeGen.Model;

/// <param name="Type">The type as generated code spells it (with its type parameters, if generic).</param>
/// <param name="CodecName">The generated codec class's name.</param>
/// <param name="HintName">The generated file's name.</param>
/// <param name="IsValueType">Whether the type is a struct (never null on the wire).</param>
/// <param name="IsSealed">Whether no subtype can exist, so the run-time type need not be checked.</param>
/// <param name="IsAbstract">Whether the type cannot be instantiated (its codec only handles null).</param>
/// <param name="TypeParameters">Type parameter names of a generic type; empty otherwise.</param>
/// <param name="OpenType">The open generic type (<c>Box&lt;&gt;</c>) of a generic type; null otherwise.</param>
/// <param name="Members">The serialized members, inherited ones first.</param>
/// <param name="ConstructorArguments">Per constructor parameter, the index of the member it receives, or -1 for default.</param>
/// <param name="Diagnostics">Errors found; when there are any, no code is generated for the type.</param>
internal sealed record SerializableTypeModel(
    string Type,
    string CodecName,
    string HintName,
    bool IsValueType,
    bool IsSealed,
    bool IsAbstract,
    EquatableArray<string> TypeParameters,
    string? OpenType,
    EquatableArray<SerializableMemberModel> Members,
    EquatableArray<int> ConstructorArguments,
    EquatableArray<DiagnosticInfo> Diagnostics);
