namespace Orleans.Pipeline.Runtime;

/// <summary>
/// On a grain class: calls interleave at await points. Turns still never run in parallel: one piece of grain code
/// runs at a time on an activation, but a call may start while another awaits. The default is non-reentrant: a call
/// runs to completion before the next one starts.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;
