namespace Orleans.Pipeline.Tasks;

/// <summary>
/// Marks a public class implementing <see cref="ITaskFunction"/> as a task function that
/// <see cref="TaskFunctionCatalog"/> registers under <see cref="Name"/>. The class needs a public parameterless
/// constructor.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TaskFunctionAttribute : Attribute
{
    /// <summary>Declares a task function named <paramref name="name"/>.</summary>
    /// <param name="name">The name job specs use (case-sensitive; no whitespace, no <c>:</c>).</param>
    public TaskFunctionAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The name job specs use to refer to the function.</summary>
    public string Name { get; }

    /// <summary>
    /// True for functions that cannot start before every input exists (sort, combine, reduce-like functions); a stage
    /// running such a function cannot be <c>concurrent</c>. Default false.
    /// </summary>
    public bool NeedsAllInputs { get; set; }
}
