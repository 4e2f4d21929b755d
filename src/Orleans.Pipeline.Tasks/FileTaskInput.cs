namespace Orleans.Pipeline.Tasks;

/// <summary>An input held in a local file.</summary>
public sealed class FileTaskInput : TaskInput
{
    /// <summary>Creates an input over the file at <paramref name="path"/> (made absolute against the current directory).</summary>
    /// <param name="label">The input's label.</param>
    /// <param name="path">The file; it need not exist until the input is opened.</param>
    public FileTaskInput(int label, string path)
        : base(label)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The file's absolute path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override string Location => Path;

    /// <inheritdoc />
    public override string? LocalPath => Path;

    /// <inheritdoc />
    /// <remarks>The stream does no buffering of its own: readers here read in large pooled chunks.</remarks>
    public override ValueTask<Stream> OpenReadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Stream stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        return ValueTask.FromResult(stream);
    }
}
