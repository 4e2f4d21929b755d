namespace Orleans.Pipeline.Tasks.IO;

/// <summary>How a file-backed output sink takes a file it cannot move into place: it appends the file's bytes to the label.</summary>
internal static class OutputFileCopy
{
    /// <summary>Appends the file at <paramref name="path"/> to <paramref name="label"/> of <paramref name="outputs"/>, then deletes it when asked.</summary>
    public static async ValueTask AppendAsync(ITaskOutputs outputs, int label, string path, bool deleteSource, CancellationToken cancellationToken)
    {
        var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        await using (source.ConfigureAwait(false))
        {
            var target = outputs.OpenWrite(label);
            await using (target.ConfigureAwait(false))
            {
                await source.CopyToAsync(target, Buffers.CopyBufferSize, cancellationToken).ConfigureAwait(false);
            }
        }

        if (deleteSource)
        {
            File.Delete(path);
        }
    }
}
