using Orleans.Pipeline.Tasks.IO;

namespace Orleans.Pipeline.Tasks;

/// <summary>
/// Outputs stored as files in one directory, one file per label, named <c>output-{label}</c>. Give each task attempt
/// its own directory: a label's file is truncated when the attempt first writes to it.
/// </summary>
public sealed class FileTaskOutputs : ITaskOutputs
{
    private const int FileBufferSize = 1 << 16;

    // Guards _labels, _open and _state; file I/O happens outside it.
    private readonly Lock _lock = new();
    private readonly SortedSet<int> _labels = [];
    private readonly Dictionary<int, OutputWriterStream> _open = [];
    private SinkState _state;

    /// <summary>Creates a sink writing into <paramref name="directory"/> (created if missing).</summary>
    public FileTaskOutputs(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The directory holding the output files.</summary>
    public string Directory { get; }

    /// <summary>The path of the file holding the output with <paramref name="label"/>.</summary>
    public string GetPath(int label) => Path.Combine(Directory, $"output-{label}");

    /// <inheritdoc />
    public Stream OpenWrite(int label)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        bool first;
        lock (_lock)
        {
            ThrowIfUnavailable(label);
            first = _labels.Add(label);
            _open.Add(label, null!);
        }

        try
        {
            var file = new FileStream(GetPath(label), first ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.Read, FileBufferSize);
            var writer = new OutputWriterStream(label, file, ownsInner: true, OnClosed);
            lock (_lock)
            {
                _open[label] = writer;
            }

            return writer;
        }
        catch
        {
            lock (_lock)
            {
                _open.Remove(label);
            }

            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>A file the task owns is moved into place when its label has no content yet; otherwise it is appended.</remarks>
    public async ValueTask AddFileAsync(int label, string path, bool deleteSource, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (deleteSource)
        {
            bool move;
            lock (_lock)
            {
                ThrowIfUnavailable(label);
                move = _labels.Add(label);
                if (move)
                {
                    // Held as "open" while the move runs, so no writer interleaves with it.
                    _open.Add(label, null!);
                }
            }

            if (move)
            {
                try
                {
                    File.Move(path, GetPath(label), overwrite: true);
                    return;
                }
                finally
                {
                    lock (_lock)
                    {
                        _open.Remove(label);
                    }
                }
            }
        }

        await OutputFileCopy.AppendAsync(this, label, path, deleteSource, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TaskOutput>> CompleteAsync(CancellationToken cancellationToken = default)
    {
        var writers = Close(SinkState.Completed);
        foreach (var writer in writers)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }

        int[] labels;
        lock (_lock)
        {
            labels = [.. _labels];
        }

        var outputs = new TaskOutput[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = GetPath(labels[i]);
            outputs[i] = new TaskOutput(labels[i], new FileInfo(path).Length, path);
        }

        return outputs;
    }

    /// <inheritdoc />
    public async ValueTask DiscardAsync()
    {
        var writers = Close(SinkState.Discarded);
        foreach (var writer in writers)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }

        int[] labels;
        lock (_lock)
        {
            labels = [.. _labels];
            _labels.Clear();
        }

        foreach (var label in labels)
        {
            File.Delete(GetPath(label));
        }
    }

    private OutputWriterStream[] Close(SinkState state)
    {
        lock (_lock)
        {
            if (_state != SinkState.Open && _state != state)
            {
                throw new InvalidOperationException($"The outputs in {Directory} were already {_state.ToString().ToLowerInvariant()}.");
            }

            _state = state;
            return [.. _open.Values.Where(static w => w is not null)];
        }
    }

    private void ThrowIfUnavailable(int label)
    {
        if (_state != SinkState.Open)
        {
            throw new InvalidOperationException($"Cannot write output {label}: the outputs in {Directory} were already {_state.ToString().ToLowerInvariant()}.");
        }

        if (_open.ContainsKey(label))
        {
            throw new InvalidOperationException($"Output {label} already has an open writer; dispose it before writing to the label again.");
        }
    }

    private void OnClosed(OutputWriterStream writer)
    {
        lock (_lock)
        {
            if (_open.TryGetValue(writer.Label, out var current) && ReferenceEquals(current, writer))
            {
                _open.Remove(writer.Label);
            }
        }
    }
}
