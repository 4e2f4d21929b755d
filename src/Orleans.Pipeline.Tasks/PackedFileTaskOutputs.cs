using Orleans.Pipeline.Tasks.IO;

namespace Orleans.Pipeline.Tasks;

/// <summary>
/// Outputs of one task attempt in as few files as possible. Small outputs share one pack file (<see cref="PackPath"/>),
/// each kept as one contiguous range and recorded with a <see cref="FileSegment"/> location; an output that grows past
/// <see cref="SmallOutputLimit"/> bytes gets a file of its own, <c>output-{label}</c> in <see cref="Directory"/>, and
/// is recorded with its path, as <see cref="FileTaskOutputs"/> does. When one output fills the whole pack (a task with
/// a single small output) its location is the pack's plain path. Give each attempt its own directory and pack; they are
/// created when first needed, so a task with only small outputs creates one file and no directory of its own.
/// </summary>
/// <remarks>
/// Why: creating a file costs about as much as writing tens of kilobytes into one, and a shuffle writes an output per
/// (task, label): 64 maps into 64 labels made 4,096 files of 64 bytes. A writer keeps a small output in a pooled
/// buffer and appends it to the pack when it is disposed, so an output's bytes are contiguous whatever other labels
/// are written meanwhile; a label written again later, whose earlier bytes are elsewhere in the pack, is made
/// contiguous once more by <see cref="CompleteAsync"/>.
/// </remarks>
public sealed class PackedFileTaskOutputs : ITaskOutputs
{
    /// <summary>The extension a pack file's name must have: <see cref="FileSegment"/> locations are recognised by it.</summary>
    public const string PackExtension = ".pack";

    /// <summary>The name of the pack in <see cref="Directory"/> when no other pack path is given.</summary>
    public const string DefaultPackFileName = "outputs" + PackExtension;

    /// <summary>The default of <see cref="SmallOutputLimit"/>: 64 KiB.</summary>
    public const int DefaultSmallOutputLimit = 1 << 16;

    private const int PackBufferSize = 1 << 16;

    // Guards every field below and the pack file; an output's own file is written only by the label's one writer.
    private readonly Lock _lock = new();
    private readonly SortedDictionary<int, PackedLabel> _labels = [];
    private readonly Dictionary<int, PackedOutputWriter?> _open = [];
    private FileStream? _pack;
    private long _packLength;
    private bool _directoryCreated;
    private bool _packDirectoryCreated;
    private SinkState _state;

    // Set once CompleteAsync or DiscardAsync has closed the pack: a write arriving later (a writer disposed on another
    // thread while the sink completes) fails rather than create the pack again over what was recorded.
    private bool _sealed;

    /// <summary>Creates a sink writing into <paramref name="directory"/> and <paramref name="packPath"/> (created when first needed).</summary>
    /// <param name="directory">The attempt's own directory, for large outputs.</param>
    /// <param name="packPath">
    /// The attempt's pack file, named <c>*.pack</c>; default <see cref="DefaultPackFileName"/> in
    /// <paramref name="directory"/>. Outside the directory it spares a task with only small outputs a directory of its
    /// own (creating one costs as much as creating a file).
    /// </param>
    /// <param name="smallOutputLimit">
    /// The largest output kept in the pack, in bytes; larger ones get their own file. Default
    /// <see cref="DefaultSmallOutputLimit"/>. A writer holds up to this many bytes in memory.
    /// </param>
    public PackedFileTaskOutputs(string directory, string? packPath = null, int smallOutputLimit = DefaultSmallOutputLimit)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(smallOutputLimit);
        Directory = Path.GetFullPath(directory);
        PackPath = Path.GetFullPath(packPath ?? Path.Combine(directory, DefaultPackFileName));
        if (!string.Equals(Path.GetExtension(PackPath), PackExtension, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A pack file's name ends with '{PackExtension}', so that its ranges can be told from whole files; '{PackPath}' does not.", nameof(packPath));
        }

        SmallOutputLimit = smallOutputLimit;
    }

    /// <summary>The directory holding the outputs' own files.</summary>
    public string Directory { get; }

    /// <summary>The largest output, in bytes, kept in the pack.</summary>
    public int SmallOutputLimit { get; }

    /// <summary>The path of the pack file, holding the small outputs.</summary>
    public string PackPath { get; }

    /// <summary>The path of the file of its own that an output with <paramref name="label"/> gets when it is large.</summary>
    public string GetPath(int label) => Path.Combine(Directory, $"output-{label}");

    /// <inheritdoc />
    public Stream OpenWrite(int label)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        PackedLabel state;
        lock (_lock)
        {
            ThrowIfUnavailable(label);
            if (!_labels.TryGetValue(label, out state!))
            {
                state = new PackedLabel();
                _labels.Add(label, state);
            }

            _open.Add(label, null);
        }

        try
        {
            var writer = state.OwnFile
                ? new PackedOutputWriter(this, label, OpenOwnFile(label, FileMode.Append))
                : new PackedOutputWriter(this, label, SmallOutputLimit - state.PackedBytes);
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
    /// <remarks>A file the task owns becomes the output's own file when its label has no content yet; otherwise it is appended.</remarks>
    public async ValueTask AddFileAsync(int label, string path, bool deleteSource, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (deleteSource)
        {
            var move = false;
            lock (_lock)
            {
                ThrowIfUnavailable(label);
                if (!_labels.ContainsKey(label))
                {
                    move = true;
                    _labels.Add(label, new PackedLabel { OwnFile = true });

                    // Held as "open" while the move runs, so no writer interleaves with it.
                    _open.Add(label, null);
                }
            }

            if (move)
            {
                try
                {
                    EnsureDirectory();
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
        foreach (var writer in Close(SinkState.Completed))
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }

        var outputs = new List<TaskOutput>();
        lock (_lock)
        {
            foreach (var (label, state) in _labels)
            {
                if (state.Segments.Count > 1)
                {
                    Consolidate(state);
                }
            }

            _pack?.Dispose();
            _pack = null;
            _sealed = true;
            foreach (var (label, state) in _labels)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (state.OwnFile)
                {
                    var path = GetPath(label);
                    outputs.Add(new TaskOutput(label, new FileInfo(path).Length, path));
                }
                else
                {
                    var (offset, length) = state.Segments[0];
                    var location = offset == 0 && length == _packLength ? PackPath : new FileSegment(PackPath, offset, length).ToLocation();
                    outputs.Add(new TaskOutput(label, length, location));
                }
            }
        }

        return outputs;
    }

    /// <inheritdoc />
    public async ValueTask DiscardAsync()
    {
        foreach (var writer in Close(SinkState.Discarded))
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }

        int[] ownFiles;
        lock (_lock)
        {
            _pack?.Dispose();
            _pack = null;
            _sealed = true;
            ownFiles = [.. _labels.Where(static l => l.Value.OwnFile).Select(static l => l.Key)];
            _labels.Clear();
        }

        // Nothing was created when nothing was written.
        if (System.IO.Directory.Exists(Path.GetDirectoryName(PackPath)))
        {
            File.Delete(PackPath);
        }

        if (System.IO.Directory.Exists(Directory))
        {
            foreach (var label in ownFiles)
            {
                File.Delete(GetPath(label));
            }
        }
    }

    /// <summary>A writer closed with a small output: its bytes become one range at the end of the pack.</summary>
    internal void Append(PackedOutputWriter writer, ReadOnlySpan<byte> content)
    {
        lock (_lock)
        {
            // A writer disposed after DiscardAsync has nothing to keep.
            if (_state != SinkState.Discarded && _labels.TryGetValue(writer.Label, out var state))
            {
                ThrowIfSealed(writer.Label);
                state.Segments.Add((AppendToPack(content), content.Length));
                state.PackedBytes += content.Length;
            }

            RemoveOpen(writer);
        }
    }

    /// <summary>
    /// A writer's output outgrew <see cref="SmallOutputLimit"/>: the label moves to a file of its own, which starts
    /// with whatever the label already has in the pack and then <paramref name="buffered"/>.
    /// </summary>
    /// <returns>The own file, positioned at its end, for the writer to continue in.</returns>
    internal FileStream Spill(int label, ReadOnlySpan<byte> buffered)
    {
        lock (_lock)
        {
            ThrowIfSealed(label);
        }

        var file = OpenOwnFile(label, FileMode.Create);
        try
        {
            lock (_lock)
            {
                var state = _labels[label];
                if (state.Segments.Count > 0)
                {
                    _pack!.Flush();
                    var earlier = new byte[state.PackedBytes];
                    var filled = 0;
                    foreach (var (offset, length) in state.Segments)
                    {
                        RandomAccess.Read(_pack.SafeFileHandle, earlier.AsSpan(filled, length), offset);
                        filled += length;
                    }

                    file.Write(earlier);
                }

                // The label's earlier ranges stay in the pack, unreferenced.
                state.Segments.Clear();
                state.PackedBytes = 0;
                state.OwnFile = true;
            }

            file.Write(buffered);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>A writer of an own file was closed.</summary>
    internal void Closed(PackedOutputWriter writer)
    {
        lock (_lock)
        {
            RemoveOpen(writer);
        }
    }

    private void RemoveOpen(PackedOutputWriter writer)
    {
        if (_open.TryGetValue(writer.Label, out var current) && ReferenceEquals(current, writer))
        {
            _open.Remove(writer.Label);
        }
    }

    /// <summary>Copies a label's ranges into one at the end of the pack. Called under the lock.</summary>
    private void Consolidate(PackedLabel state)
    {
        _pack!.Flush();
        var content = new byte[state.PackedBytes];
        var filled = 0;
        foreach (var (offset, length) in state.Segments)
        {
            RandomAccess.Read(_pack.SafeFileHandle, content.AsSpan(filled, length), offset);
            filled += length;
        }

        state.Segments.Clear();
        state.Segments.Add((AppendToPack(content), content.Length));
    }

    /// <summary>Appends to the pack, creating it on first use; returns where the bytes start. Called under the lock.</summary>
    private long AppendToPack(ReadOnlySpan<byte> content)
    {
        if (_pack is null)
        {
            if (!_packDirectoryCreated)
            {
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(PackPath)!);
                _packDirectoryCreated = true;
            }

            _pack = new FileStream(PackPath, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, PackBufferSize);
        }

        var offset = _packLength;
        _pack.Write(content);
        _packLength += content.Length;
        return offset;
    }

    private FileStream OpenOwnFile(int label, FileMode mode)
    {
        EnsureDirectory();
        return new FileStream(GetPath(label), mode, FileAccess.Write, FileShare.Read, Buffers.WriteChunkSize);
    }

    private void EnsureDirectory()
    {
        if (!Volatile.Read(ref _directoryCreated))
        {
            System.IO.Directory.CreateDirectory(Directory);
            Volatile.Write(ref _directoryCreated, true);
        }
    }

    private PackedOutputWriter[] Close(SinkState state)
    {
        lock (_lock)
        {
            if (_state != SinkState.Open && _state != state)
            {
                throw new InvalidOperationException($"The outputs in {Directory} were already {_state.ToString().ToLowerInvariant()}.");
            }

            _state = state;
            return [.. _open.Values.Where(static w => w is not null)!];
        }
    }

    private void ThrowIfSealed(int label)
    {
        if (_sealed)
        {
            throw new InvalidOperationException($"Output {label} was written after the outputs in {Directory} were {_state.ToString().ToLowerInvariant()}; dispose writers before the task ends.");
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
}
