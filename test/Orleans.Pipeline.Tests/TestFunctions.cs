using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Tests;

/// <summary>A function catalog with the names of the built-in functions the examples use, and which of them need all their inputs.</summary>
internal sealed class TestFunctions : IFunctionCatalog
{
    public static readonly TestFunctions Instance = new();

    private static readonly HashSet<string> All =
    [
        "wordcount_map", "wordcount_reduce", "sort", "combine", "sum", "identity", "cat", "byte_histogram", "join",
    ];

    private static readonly HashSet<string> NeedingAllInputs = ["sort", "combine", "wordcount_reduce", "join"];

    public IEnumerable<string> Names => All;

    public bool Exists(string name) => All.Contains(name);

    public bool NeedsAllInputs(string name) => NeedingAllInputs.Contains(name);
}
