namespace Orleans.Pipeline.Runtime.Invocation;

/// <summary>The result type of grain methods that return <see cref="Task"/> or <see cref="ValueTask"/>. Serializes to nothing.</summary>
public readonly record struct VoidResult;
