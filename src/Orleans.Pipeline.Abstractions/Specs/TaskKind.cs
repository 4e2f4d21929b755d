namespace Orleans.Pipeline.Specs;

/// <summary>What runs a stage's tasks.</summary>
public enum TaskKind
{
    /// <summary>A function known to the silos by name: built in, or from a plugin assembly.</summary>
    Function = 0,

    /// <summary>An external program speaking the task line protocol over stdin and stdout.</summary>
    Program = 1,
}
