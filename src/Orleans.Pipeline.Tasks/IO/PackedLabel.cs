namespace Orleans.Pipeline.Tasks.IO;

/// <summary>Where one label of a <see cref="PackedFileTaskOutputs"/> is: ranges of the pack, or a file of its own.</summary>
internal sealed class PackedLabel
{
    /// <summary>The label's ranges in the pack, in the order written; one after <c>CompleteAsync</c>.</summary>
    public List<(long Offset, int Length)> Segments { get; } = [];

    /// <summary>The sum of the ranges' lengths.</summary>
    public int PackedBytes { get; set; }

    /// <summary>True once the label has its own file; it then has no ranges.</summary>
    public bool OwnFile { get; set; }
}
