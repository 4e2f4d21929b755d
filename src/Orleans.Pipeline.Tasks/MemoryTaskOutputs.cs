using System.Text;
using Orleans.Pipeline.Tasks.IO;

namespace Orleans.Pipeline.Tasks;

/// <summary>Outputs kept in memory, for tests and small results. Locations are <c>memory:{label}</c>.</summary>
public sealed class MemoryTaskOutputs : ITaskOutputs
{
    // Guards _content, _open and _state.
    private readonly Lock _lock = new();
    private readonly SortedDictionary<int, MemoryStream> _content = [];
    private readonly Dictionary<int, OutputWriterStream> _open = [];
    private SinkState _state;

    /// <summary>The labels written so far, in order.</summary>
    public IReadOnlyList<int> Labels
    {
        get
        {
            lock (_lock)
            {
                return [.. _content.Keys];
            }
        }
    }

    /// <summary>A copy of the bytes written to <paramref name="label"/>.</summary>
    /// <exception cref="KeyNotFoundException">Nothing was written to the label.</exception>
    public byte[] GetBytes(int label)
    {
        lock (_lock)
        {
            return _content.TryGetValue(label, out var stream)
                ? stream.ToArray()
                : throw new KeyNotFoundException($"No output was written with label {label}; labels written: [{string.Join(", ", _content.Keys)}].");
        }
    }

    /// <summary>The text written to <paramref name="label"/>, decoded as UTF-8.</summary>
    /// <exception cref="KeyNotFoundException">Nothing was written to the label.</exception>
    public string GetText(int label) => Encoding.UTF8.GetString(GetBytes(label));

    /// <inheritdoc />
    public Stream OpenWrite(int label)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        lock (_lock)
        {
            if (_state != SinkState.Open)
            {
                throw new InvalidOperationException($"Cannot write output {label}: the outputs were already {_state.ToString().ToLowerInvariant()}.");
            }

            if (_open.ContainsKey(label))
            {
                throw new InvalidOperationException($"Output {label} already has an open writer; dispose it before writing to the label again.");
            }

            if (!_content.TryGetValue(label, out var stream))
            {
                stream = new MemoryStream();
                _content.Add(label, stream);
            }

            var writer = new OutputWriterStream(label, stream, ownsInner: false, OnClosed);
            _open.Add(label, writer);
            return writer;
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TaskOutput>> CompleteAsync(CancellationToken cancellationToken = default)
    {
        foreach (var writer in Close(SinkState.Completed))
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }

        lock (_lock)
        {
            return [.. _content.Select(static pair => new TaskOutput(pair.Key, pair.Value.Length, $"memory:{pair.Key}"))];
        }
    }

    /// <inheritdoc />
    public async ValueTask DiscardAsync()
    {
        foreach (var writer in Close(SinkState.Discarded))
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }

        lock (_lock)
        {
            _content.Clear();
        }
    }

    private OutputWriterStream[] Close(SinkState state)
    {
        lock (_lock)
        {
            if (_state != SinkState.Open && _state != state)
            {
                throw new InvalidOperationException($"The outputs were already {_state.ToString().ToLowerInvariant()}.");
            }

            _state = state;
            return [.. _open.Values];
        }
    }

    private void OnClosed(OutputWriterStream writer)
    {
        lock (_lock)
        {
            _open.Remove(writer.Label);
        }
    }
}
