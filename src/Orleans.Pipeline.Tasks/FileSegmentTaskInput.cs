using Orleans.Pipeline.Tasks.IO;

namespace Orleans.Pipeline.Tasks;

/// <summary>An input held in a range of a local file: a small output kept in its task's pack file (<see cref="FileSegment"/>).</summary>
public sealed class FileSegmentTaskInput : TaskInput
{
    /// <summary>Creates an input over <paramref name="segment"/>; the file need not exist until the input is opened.</summary>
    public FileSegmentTaskInput(int label, FileSegment segment)
        : base(label)
    {
        ArgumentException.ThrowIfNullOrEmpty(segment.Path);
        ArgumentOutOfRangeException.ThrowIfNegative(segment.Offset);
        ArgumentOutOfRangeException.ThrowIfNegative(segment.Length);
        Segment = segment;
    }

    /// <summary>The range holding the input's bytes.</summary>
    public FileSegment Segment { get; }

    /// <inheritdoc />
    public override string Location => Segment.ToLocation();

    /// <inheritdoc />
    /// <remarks>
    /// Fails with a <see cref="FileNotFoundException"/> naming the file when it is gone, and with an
    /// <see cref="InvalidDataException"/> when it no longer holds the range.
    /// </remarks>
    public override ValueTask<Stream> OpenReadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<Stream>(new FileSegmentStream(Segment.Open(), Segment.Offset, Segment.Length));
    }
}
