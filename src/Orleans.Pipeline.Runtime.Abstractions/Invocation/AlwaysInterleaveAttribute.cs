namespace Orleans.Pipeline.Runtime;

/// <summary>
/// On a grain interface method: calls to it run even while a non-reentrant grain is inside another call
/// (status queries, cancellation). The method must not rely on the grain's state being between turns.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class AlwaysInterleaveAttribute : Attribute;
