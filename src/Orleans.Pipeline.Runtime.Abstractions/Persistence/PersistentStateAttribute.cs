namespace Orleans.Pipeline.Runtime.Persistence;

/// <summary>
/// On a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the state's name (part of its
/// storage key) and the storage that keeps it (null: the silo's default storage).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    public string StateName { get; } = stateName;

    public string? StorageName { get; } = storageName;
}
