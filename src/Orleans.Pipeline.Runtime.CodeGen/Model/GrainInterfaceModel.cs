namespace Orleans.Pipeline.Runtime.CodeGen.Model;

/// <param name="Type">The interface as generated code spells it.</param>
/// <param name="Name">Its simple name.</param>
/// <param name="HintName">The generated file's name.</param>
/// <param name="Methods">Its methods and those of the grain interfaces it extends.</param>
/// <param name="Diagnostics">Errors found in the interface itself.</param>
/// <param name="IsValid">False when the interface or one it extends has errors: then no code is generated for it.</param>
internal sealed record GrainInterfaceModel(
    string Type,
    string Name,
    string HintName,
    EquatableArray<GrainMethodModel> Methods,
    EquatableArray<DiagnosticInfo> Diagnostics,
    bool IsValid);
