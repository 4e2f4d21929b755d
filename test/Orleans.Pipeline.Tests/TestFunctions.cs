using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Tests;

/// <summary>A function catalog with the built-in names the examples use; sort and combine need all their inputs.</summary>
internal sealed class TestFunctions : IFunctionCatalog
{
    public static readonly TestFunctions Instance = new();

    private static readonly HashSet<string> All =
    [
        "wordcount_map", "wordcount_reduce", "sort", "combine", "sum", "identity", "cat", "byte_histogram", "join_map", "join_reduce",
    ];

    private static readonly HashSet<string> NeedingAllInputs = ["sort", "combine"];

    public IEnumerable<string> Names => All;

    public bool Exists(string name) => All.Contains(name);

    public bool NeedsAllInputs(string name) => NeedingAllInputs.Contains(name);
}
