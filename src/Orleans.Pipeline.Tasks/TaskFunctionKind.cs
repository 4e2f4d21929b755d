namespace Orleans.Pipeline.Tasks;

/// <summary>Where a task function comes from.</summary>
public enum TaskFunctionKind
{
    /// <summary>Shipped with the silo (word count, sort, sum, …).</summary>
    BuiltIn,

    /// <summary>A user .NET function from an assembly on <see cref="TaskOptions.PluginPath"/>.</summary>
    Plugin,

    /// <summary>Registered in code by the host (<see cref="TaskFunctionCatalog.Register(string, ITaskFunction, bool)"/>).</summary>
    Registered,

    /// <summary>An external program speaking the task line protocol.</summary>
    ExternalProgram,
}
