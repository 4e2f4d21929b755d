namespace Orleans.Pipeline.Runtime.CodeGen.Model;

/// <summary>How a deserialized member value gets into the new instance.</summary>
internal enum MemberAssignment
{
    /// <summary>Assigned after construction, and only when the data has it (so a missing member keeps its initial value).</summary>
    Settable,

    /// <summary>Set in the object initializer (init-only and required members).</summary>
    Initializer,

    /// <summary>Passed to the constructor.</summary>
    Constructor,
}
