namespace Orleans.Pipeline.Runtime.CodeGen.Model;

/// <param name="Type">The grain class as generated code spells it.</param>
/// <param name="Name">Its simple name.</param>
/// <param name="HintName">The generated file's name.</param>
/// <param name="GrainType">Its grain type name.</param>
/// <param name="IsReentrant">Whether it is marked [Reentrant].</param>
/// <param name="Interfaces">The grain interfaces it implements, including inherited ones.</param>
/// <param name="ConstructorArguments">How to obtain each argument of the constructor the runtime uses.</param>
/// <param name="Diagnostics">Errors found; when there are any, no code is generated for the class.</param>
internal sealed record GrainClassModel(
    string Type,
    string Name,
    string HintName,
    string GrainType,
    bool IsReentrant,
    EquatableArray<string> Interfaces,
    EquatableArray<ConstructorArgumentModel> ConstructorArguments,
    EquatableArray<DiagnosticInfo> Diagnostics);
