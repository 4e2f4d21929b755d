namespace Orleans.Pipeline.Tasks;

/// <summary>
/// Where a task writes its labeled outputs. Each label is one output; writing to a label again appends to it. When the
/// task succeeds the scheduler calls <see cref="CompleteAsync"/> and records what it returns; when it fails, it calls
/// <see cref="DiscardAsync"/>.
/// </summary>
/// <remarks>
/// Implementations: <see cref="FileTaskOutputs"/> (one file per label in a directory),
/// <see cref="PackedFileTaskOutputs"/> (small outputs together in one file, large ones each in their own; what the
/// scheduler uses) and <see cref="MemoryTaskOutputs"/> (for tests). Methods may be called from several threads, but a label has at most one
/// open writer at a time, and each returned stream is used by one thread at a time.
/// </remarks>
public interface ITaskOutputs
{
    /// <summary>
    /// Opens a writer that appends to the output with <paramref name="label"/>, creating the output if it does not exist
    /// yet. Dispose the stream before opening the same label again.
    /// </summary>
    /// <param name="label">The output's label; not negative.</param>
    /// <exception cref="InvalidOperationException">The label already has an open writer, or the sink was completed.</exception>
    Stream OpenWrite(int label);

    /// <summary>
    /// Appends the content of the file at <paramref name="path"/> to the output with <paramref name="label"/>. Used for
    /// files an external program produced.
    /// </summary>
    /// <param name="label">The output's label; not negative.</param>
    /// <param name="path">The file to take.</param>
    /// <param name="deleteSource">
    /// True when the file belongs to the task and may be moved instead of copied; it is gone afterwards either way.
    /// </param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    async ValueTask AddFileAsync(int label, string path, bool deleteSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        await using (source.ConfigureAwait(false))
        {
            var target = OpenWrite(label);
            await using (target.ConfigureAwait(false))
            {
                await source.CopyToAsync(target, IO.Buffers.CopyBufferSize, cancellationToken).ConfigureAwait(false);
            }
        }

        if (deleteSource)
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Closes every writer still open and returns the outputs, one per label written (even if empty), ordered by label.
    /// Nothing can be written afterwards.
    /// </summary>
    /// <param name="cancellationToken">Cancels flushing.</param>
    ValueTask<IReadOnlyList<TaskOutput>> CompleteAsync(CancellationToken cancellationToken = default);

    /// <summary>Closes every writer and deletes what was written: the attempt failed or was cancelled.</summary>
    ValueTask DiscardAsync();
}
