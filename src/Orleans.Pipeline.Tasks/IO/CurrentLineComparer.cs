namespace Orleans.Pipeline.Tasks.IO;

/// <summary>Orders line readers by their current lines, ordinally: the heap order of a k-way merge.</summary>
internal sealed class CurrentLineComparer : IComparer<LineReader>
{
    public static CurrentLineComparer Instance { get; } = new();

    public int Compare(LineReader? x, LineReader? y) => x!.Line.SequenceCompareTo(y!.Line);
}
