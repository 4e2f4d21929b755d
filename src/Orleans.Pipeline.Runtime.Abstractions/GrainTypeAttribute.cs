namespace Orleans.Pipeline.Runtime;

/// <summary>
/// On a grain class: its grain type name, part of every <see cref="GrainId"/> and of persisted state's key.
/// The default is the class name, without a trailing "Grain", in lower case (<c>JobGrain</c> → <c>job</c>).
/// Renaming a class without this attribute orphans its stored state.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
