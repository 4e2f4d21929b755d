namespace Orleans.Pipeline.Tasks;

/// <summary>
/// One input of a task: a label and a way to read its bytes. The scheduler implements it over local files
/// (<see cref="FileTaskInput"/>), ranges of local files (<see cref="FileSegmentTaskInput"/>) or over outputs held by
/// other silos; <see cref="MemoryTaskInput"/> serves tests.
/// </summary>
public abstract class TaskInput
{
    /// <summary>Creates an input with <paramref name="label"/>.</summary>
    /// <param name="label">The input's label (a producer's output label or a job input's user label); not negative.</param>
    protected TaskInput(int label)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        Label = label;
    }

    /// <summary>The input's label.</summary>
    public int Label { get; }

    /// <summary>Where the input lives, for messages and logs (a path, a URL, <c>silo-2:/data/…</c>).</summary>
    public abstract string Location { get; }

    /// <summary>
    /// The absolute path of a local file holding exactly this input's bytes, or null when the input is not a local file
    /// (external programs then receive a copy materialized in the task's working directory). Default null.
    /// </summary>
    public virtual string? LocalPath => null;

    /// <summary>Opens the input for reading from its start. The caller disposes the stream.</summary>
    /// <param name="cancellationToken">Cancels opening (a remote input may need a round trip).</param>
    public abstract ValueTask<Stream> OpenReadAsync(CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public override string ToString() => $"input {Label} at {Location}";
}
