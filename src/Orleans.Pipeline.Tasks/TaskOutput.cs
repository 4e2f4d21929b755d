namespace Orleans.Pipeline.Tasks;

/// <summary>One labeled output of a completed task.</summary>
/// <param name="Label">The output's label.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Location">
/// Where the sink stored it: a file's absolute path for <see cref="FileTaskOutputs"/>; for
/// <see cref="PackedFileTaskOutputs"/> a path, or a range of its pack file (<see cref="FileSegment"/>).
/// </param>
public sealed record TaskOutput(int Label, long Size, string Location);
