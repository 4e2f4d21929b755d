namespace Orleans.Pipeline.Tasks.BuiltIns;

/// <summary>The functions every silo has, each a class marked with <see cref="TaskFunctionAttribute"/>.</summary>
public static class BuiltInFunctions
{
    /// <summary>The classes of the built-in functions.</summary>
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(WordCountMapFunction),
        typeof(WordCountReduceFunction),
        typeof(CombineFunction),
        typeof(SortFunction),
        typeof(SumFunction),
        typeof(IdentityFunction),
        typeof(CatFunction),
        typeof(ByteHistogramFunction),
        typeof(JoinFunction),
    ];
}
