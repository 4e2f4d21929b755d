namespace Orleans.Pipeline.Specs.Syntax;

/// <summary>What a scalar was written as. YAML plain scalars get the kind YAML 1.2's core schema gives them.</summary>
internal enum ScalarKind
{
    String,
    Number,
    Boolean,
    Null,
}
