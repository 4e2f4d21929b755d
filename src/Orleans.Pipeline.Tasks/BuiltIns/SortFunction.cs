using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Tasks.IO;

namespace Orleans.Pipeline.Tasks.BuiltIns;

/// <summary>
/// <c>sort</c>: sorts the lines of all inputs ordinally (by their UTF-8 bytes, which is code-point order) and writes
/// them, each ending in <c>\n</c>, to the output labeled 0. When the lines exceed the memory budget, sorted runs are
/// spilled to the task's working directory and merged (an external merge sort). Needs all its inputs.
/// </summary>
/// <remarks>
/// Parameter <c>memory</c>: the budget for lines held in memory, in bytes with an optional K, M or G suffix, at least
/// 4K. Default 256M.
/// </remarks>
[TaskFunction(Name, NeedsAllInputs = true)]
public sealed partial class SortFunction : ITaskFunction
{
    /// <summary>The function's name: <c>sort</c>.</summary>
    public const string Name = "sort";

    /// <summary>The parameter giving the memory budget: <c>memory</c> (default 256M).</summary>
    public const string MemoryParameter = "memory";

    /// <summary>The default memory budget: 256 MiB.</summary>
    public const long DefaultMemoryBudget = 256L << 20;

    /// <summary>The most runs merged in one pass; more are merged in several passes.</summary>
    internal const int MaxFanIn = 64;

    private const long MinimumMemoryBudget = 4096;

    /// <inheritdoc />
    public async Task RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var budget = context.GetSizeParameter(MemoryParameter, DefaultMemoryBudget);
        if (budget < MinimumMemoryBudget)
        {
            throw new TaskFatalException($"Stage '{context.StageName}': parameter '{MemoryParameter}' must be at least 4K, got {budget} bytes.");
        }

        var buffer = new SortBuffer(budget);
        var runs = new List<string>();
        string? runDirectory = null;
        try
        {
            await foreach (var input in context.Inputs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var stream = await input.OpenReadAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    using var reader = new LineReader(stream, (int)Math.Min(Buffers.ReadChunkSize, budget));
                    while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false))
                    {
                        if (!buffer.TryAdd(reader.Line))
                        {
                            runDirectory ??= Directory.CreateDirectory(Path.Combine(context.WorkingDirectory, $"sort-{Guid.NewGuid():N}")).FullName;
                            runs.Add(await SpillAsync(buffer, runDirectory, runs.Count, cancellationToken).ConfigureAwait(false));
                            buffer.TryAdd(reader.Line);
                        }
                    }
                }
            }

            var output = context.Outputs.OpenWrite(0);
            await using (output.ConfigureAwait(false))
            {
                if (runDirectory is null)
                {
                    buffer.Sort();
                    await WriteAsync(buffer, output, cancellationToken).ConfigureAwait(false);
                    return;
                }

                if (buffer.Count > 0)
                {
                    runs.Add(await SpillAsync(buffer, runDirectory, runs.Count, cancellationToken).ConfigureAwait(false));
                }

                LogSpilled(context.Logger, context.TaskId, runs.Count, budget);
                var next = runs.Count;
                while (runs.Count > MaxFanIn)
                {
                    var group = runs.GetRange(0, MaxFanIn);
                    var merged = Path.Combine(runDirectory, $"run-{next++}");
                    var file = new FileStream(merged, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
                    await using (file.ConfigureAwait(false))
                    {
                        await MergeAsync(group, file, budget, cancellationToken).ConfigureAwait(false);
                    }

                    runs.RemoveRange(0, MaxFanIn);
                    runs.Add(merged);
                    foreach (var run in group)
                    {
                        File.Delete(run);
                    }
                }

                await MergeAsync(runs, output, budget, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (runDirectory is not null)
            {
                Directory.Delete(runDirectory, recursive: true);
            }
        }
    }

    private static async Task<string> SpillAsync(SortBuffer buffer, string directory, int number, CancellationToken cancellationToken)
    {
        buffer.Sort();
        var path = Path.Combine(directory, $"run-{number}");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        await using (file.ConfigureAwait(false))
        {
            await WriteAsync(buffer, file, cancellationToken).ConfigureAwait(false);
        }

        buffer.Clear();
        return path;
    }

    private static async Task WriteAsync(SortBuffer buffer, Stream destination, CancellationToken cancellationToken)
    {
        var output = new BufferedOutput(destination);
        await using (output.ConfigureAwait(false))
        {
            for (var i = 0; i < buffer.Count; i++)
            {
                output.Write(buffer.GetLine(i));
                output.WriteByte((byte)'\n');
                await output.FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Merges sorted run files into <paramref name="destination"/>, reading each through a share of the budget.</summary>
    private static async Task MergeAsync(List<string> runs, Stream destination, long budget, CancellationToken cancellationToken)
    {
        var bufferSize = (int)Math.Clamp(budget / (runs.Count + 1), 4096, Buffers.ReadChunkSize);
        var streams = new List<Stream>(runs.Count);
        var readers = new List<LineReader>(runs.Count);
        try
        {
            var queue = new PriorityQueue<LineReader, LineReader>(runs.Count, CurrentLineComparer.Instance);
            foreach (var run in runs)
            {
                var stream = new FileStream(run, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
                streams.Add(stream);
                var reader = new LineReader(stream, bufferSize);
                readers.Add(reader);
                if (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false))
                {
                    queue.Enqueue(reader, reader);
                }
            }

            var output = new BufferedOutput(destination);
            await using (output.ConfigureAwait(false))
            {
                while (queue.TryDequeue(out var reader, out _))
                {
                    output.Write(reader.Line);
                    output.WriteByte((byte)'\n');
                    await output.FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
                    if (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false))
                    {
                        queue.Enqueue(reader, reader);
                    }
                }
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }

            foreach (var stream in streams)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sort in task {TaskId} exceeded its memory budget of {Budget} bytes: merging {Runs} sorted runs from disk.")]
    private static partial void LogSpilled(ILogger logger, int taskId, int runs, long budget);
}
