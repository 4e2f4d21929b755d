namespace Orleans.Pipeline.Runtime.CodeGen.Model;

/// <param name="Type">The parameter's type as generated code spells it.</param>
/// <param name="StateType">For a [PersistentState] parameter: the state type T of IPersistentState&lt;T&gt;; otherwise null.</param>
/// <param name="StateName">For a [PersistentState] parameter: the state name.</param>
/// <param name="StorageName">For a [PersistentState] parameter: the storage name, or null for the default storage.</param>
internal sealed record ConstructorArgumentModel(string Type, string? StateType, string? StateName, string? StorageName);
