namespace Orleans.Pipeline.Tasks;

/// <summary>What <see cref="TaskFunctionCatalog"/> knows about one task function.</summary>
public sealed class TaskFunctionDescriptor
{
    private readonly Func<ITaskFunction> _factory;

    internal TaskFunctionDescriptor(string name, bool needsAllInputs, TaskFunctionKind kind, string source, Type functionType, Func<ITaskFunction> factory)
    {
        Name = name;
        NeedsAllInputs = needsAllInputs;
        Kind = kind;
        Source = source;
        FunctionType = functionType;
        _factory = factory;
    }

    /// <summary>The name job specs use.</summary>
    public string Name { get; }

    /// <summary>Whether the function needs all its inputs before it starts (so its stage cannot be <c>concurrent</c>).</summary>
    public bool NeedsAllInputs { get; }

    /// <summary>Where the function comes from.</summary>
    public TaskFunctionKind Kind { get; }

    /// <summary>
    /// Where it was found: <c>built-in</c>, the plugin assembly's path, <c>registered</c>, or the program's command line.
    /// </summary>
    public string Source { get; }

    /// <summary>The implementing class (for an external program, <see cref="ExternalPrograms.ExternalProgramFunction"/>).</summary>
    public Type FunctionType { get; }

    /// <summary>An instance to run a task with: shared for built-in and registered functions, new for each call for plugins.</summary>
    public ITaskFunction CreateInstance() => _factory();

    /// <inheritdoc />
    public override string ToString() => $"'{Name}' ({FunctionType.FullName} in {Source})";
}
