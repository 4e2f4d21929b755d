namespace Orleans.Pipeline.Runtime.CodeGen.Model;

/// <param name="Name">The parameter's name as an identifier.</param>
/// <param name="Type">The parameter's type as generated code spells it.</param>
internal sealed record ParameterModel(string Name, string Type);
