using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;
using Orleans.Pipeline.Grains.Brokers;
using Orleans.Pipeline.Grains.Hosting;
using Orleans.Pipeline.Grains.Scheduling;
using Orleans.Pipeline.Groupings;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Placement;
using Orleans.Pipeline.Runtime.Streams;
using Orleans.Pipeline.Specs;
using Orleans.Pipeline.Tasks;

namespace Orleans.Pipeline.Grains;

/// <summary>
/// A silo's broker: runs the tasks placed on this silo on its executor slots (a task waits for a free slot, it is
/// never dropped), outside grain turns so that long tasks never block the broker, and reports each attempt's outcome
/// to the task's grain; a concurrent stage's task receives later inputs through its attempt's input stream.
/// Outputs live in <c>{DataDirectory}/jobs/{job}/</c>: the small ones of an attempt together in
/// <c>t{task}-a{attempt}.pack</c>, large ones each in <c>t{task}-a{attempt}/out/output-{label}</c>
/// (<see cref="PackedFileTaskOutputs"/>). They are served to other silos: small ones several to a call, large ones in
/// chunks.
/// </summary>
[SiloPinnedPlacement]
[Reentrant]
public sealed partial class BrokerGrain : Grain, IBrokerGrain
{
    private static readonly HttpClient s_http = new();
    private readonly ConcurrentDictionary<(string Job, int Task, int Attempt), RunningTask> _tasks = new();
    private readonly NodeDirectory _nodes;
    private readonly TaskFunctionCatalog _catalog;
    private readonly PipelineOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BrokerGrain> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly string _root;

    public BrokerGrain(NodeDirectory nodes, TaskFunctionCatalog catalog, IOptions<PipelineOptions> options, TimeProvider timeProvider, ILogger<BrokerGrain> logger)
    {
        _nodes = nodes;
        _catalog = catalog;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _slots = new SemaphoreSlim(Math.Max(1, _options.ExecutorSlots));
        _root = Path.GetFullPath(Path.Combine(_options.DataDirectory, "jobs"));
    }

    public async Task StartTaskAsync(TaskAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var key = (assignment.JobId, assignment.TaskId, assignment.Attempt);
        var task = new RunningTask(assignment);
        if (!_tasks.TryAdd(key, task))
        {
            return;
        }

        AddInputs(task, assignment.Inputs);
        if (assignment.MoreInputsExpected)
        {
            // Later inputs come through the attempt's own stream; subscribed before answering, so none is missed.
            var stream = this.GetStreamProvider(TaskInputMessage.StreamProvider).GetStream<TaskInputMessage>(
                new StreamId(TaskInputMessage.StreamNamespace, TaskInputMessage.StreamKey(assignment.JobId, assignment.TaskId, assignment.Attempt)));
            task.Subscription = await stream.SubscribeAsync(new TaskInputObserver(this, key));
        }
        else
        {
            task.Inputs.Complete();
        }

        // Tasks run off the grain's turns: a long task must not hold up calls to the broker.
        _ = Task.Run(() => ExecuteAsync(task));
    }

    public Task<bool> HasTaskAsync(string jobId, int taskId, int attempt) => Task.FromResult(_tasks.ContainsKey((jobId, taskId, attempt)));

    /// <summary>An item of a running attempt's input stream: one more input, or the end with the number of inputs in all.</summary>
    private void OnInput((string Job, int Task, int Attempt) key, TaskInputMessage message)
    {
        if (!_tasks.TryGetValue(key, out var task))
        {
            return;
        }

        if (message.Input is { } input)
        {
            AddInputs(task, [input]);
        }
        else if (task.InputIds.Count == message.Total)
        {
            task.Inputs.Complete();
        }
        else
        {
            task.Inputs.Fail(new TaskErrorException($"The task was told it has {message.Total} inputs but received {task.InputIds.Count}; it runs again with all of them."));
        }
    }

    /// <summary>
    /// Hands inputs to a task, each once (they are sent again after a silo died, as the input stream may have been
    /// lost with it). An input that cannot be read from any live silo ends the task's inputs with
    /// <see cref="InputLostException"/>.
    /// </summary>
    private void AddInputs(RunningTask task, IReadOnlyList<StageInput> inputs)
    {
        var fresh = inputs.Where(i => task.InputIds.Add(i.Id)).ToList();
        try
        {
            AddInputs(task.Inputs, fresh);
        }
        catch (Exception error) when (error is InputLostException or InvalidOperationException)
        {
            task.Inputs.Fail(error);
        }
    }

    private sealed class TaskInputObserver(BrokerGrain broker, (string Job, int Task, int Attempt) key) : IAsyncObserver<TaskInputMessage>
    {
        public Task OnNextAsync(TaskInputMessage item, StreamSequenceToken? token = null)
        {
            broker.OnInput(key, item);
            return Task.CompletedTask;
        }

        public Task OnCompletedAsync() => Task.CompletedTask;

        public Task OnErrorAsync(Exception error) => Task.CompletedTask;
    }

    public Task CancelTaskAsync(string jobId, int taskId, int attempt)
    {
        if (_tasks.TryRemove((jobId, taskId, attempt), out var task))
        {
            task.Cancellation.Cancel();
        }

        return Task.CompletedTask;
    }

    public Task CancelJobAsync(string jobId)
    {
        foreach (var (key, task) in _tasks)
        {
            if (key.Job == jobId && _tasks.TryRemove(key, out _))
            {
                task.Cancellation.Cancel();
            }
        }

        return Task.CompletedTask;
    }

    public async Task<byte[]> ReadOutputAsync(string path, long offset, int count)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var segment = OpenOutput(path, out var handle);
        using (handle)
        {
            if (offset >= segment.Length || count <= 0)
            {
                return [];
            }

            var buffer = new byte[(int)Math.Min(count, segment.Length - offset)];
            await ReadExactlyAsync(handle, buffer, segment.Offset + offset).ConfigureAwait(false);
            return buffer;
        }
    }

    public Task<OutputBatch> ReadOutputsAsync(List<string> locations, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(locations);

        // Off the broker's turn, in one go: small files are read faster synchronously than with a hop per read.
        return Task.Run(() => ReadOutputs(locations, maxBytes));
    }

    public Task DeleteJobAsync(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var directory = JobDirectory(jobId);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    public Task<BrokerStatus> GetStatusAsync()
    {
        var running = _tasks.Values.Count(t => t.Started);
        return Task.FromResult(new BrokerStatus(_nodes.LocalNode, _options.ExecutorSlots, running, _tasks.Count - running, _catalog.Options.AllowExternalPrograms));
    }

    private async Task ExecuteAsync(RunningTask task)
    {
        var a = task.Assignment;
        var report = GrainFactory.GetGrain<ITaskGrain>(PipelineKeys.Task(a.JobId, a.TaskId));
        var startReported = Task.CompletedTask;
        var token = task.Cancellation.Token;
        try
        {
            await _slots.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        // The slot is freed as soon as the task's own work is done: reporting to the job is not work of the slot.
        var slotHeld = true;
        void FreeSlot()
        {
            if (slotHeld)
            {
                slotHeld = false;
                _slots.Release();
            }
        }

        var directory = Path.Combine(JobDirectory(a.JobId), $"t{a.TaskId}-a{a.Attempt}");
        var outputs = new PackedFileTaskOutputs(Path.Combine(directory, "out"), directory + PackedFileTaskOutputs.PackExtension);
        try
        {
            task.Started = true;

            // For the history: the task does not wait for its grain to hear it (only its outcome report does).
            startReported = ReportAsync(() => report.StartedAsync(a.Attempt, _nodes.LocalNode));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(a.Timeout);
            var function = _catalog.Resolve(a.Task.Kind == TaskKind.Program ? TaskFunctionCatalog.ProgramName(a.Task.CommandLine!) : a.Task.FunctionName!);
            var context = new TaskContext
            {
                TaskId = a.TaskId,
                Attempt = a.Attempt,
                JobId = a.JobId,
                JobName = a.JobName,
                StageName = a.Stage,
                GroupLabel = a.GroupLabel,
                NodeName = _nodes.LocalNode,
                Parameters = a.Task.Params,
                WorkingDirectory = Path.Combine(directory, "work"),
                Inputs = task.Inputs,
                Outputs = outputs,
                Logger = _logger,
                TimeProvider = _timeProvider,
            };
            try
            {
                await function.RunAsync(context, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !token.IsCancellationRequested)
            {
                throw new TaskErrorException($"The task did not finish within its timeout of {a.Timeout} (limits.taskTimeout).");
            }

            var produced = await outputs.CompleteAsync(token).ConfigureAwait(false);
            FreeSlot();
            var records = produced.Select(o => new OutputRecord(o.Label, _nodes.LocalNode, o.Size, o.Location)).ToList();
            await AfterAsync(startReported).ConfigureAwait(false);
            await ReportAsync(() => report.SucceededAsync(a.Attempt, _nodes.LocalNode, records)).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            FreeSlot();
            await outputs.DiscardAsync().ConfigureAwait(false);
            var kind = TaskFailure.Classify(error, token);
            if (kind != TaskFailureKind.Cancelled)
            {
                LogTaskFailed(_logger, error, a.JobId, a.TaskId, a.Attempt);
                await AfterAsync(startReported).ConfigureAwait(false);
                await ReportAsync(() => report.FailedAsync(a.Attempt, _nodes.LocalNode, error.Message, kind == TaskFailureKind.Fatal, InputLostException.IsInputLost(error))).ConfigureAwait(false);
            }
        }
        finally
        {
            FreeSlot();
            _tasks.TryRemove((a.JobId, a.TaskId, a.Attempt), out _);
            if (task.Subscription is { } subscription)
            {
                await UnsubscribeAsync(subscription).ConfigureAwait(false);
            }
        }
    }

    private async Task UnsubscribeAsync(StreamSubscriptionHandle<TaskInputMessage> subscription)
    {
        try
        {
            await subscription.UnsubscribeAsync().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            LogUnsubscribeFailed(_logger, error, subscription.ToString() ?? "");
        }
    }

    /// <summary>Waits for an earlier report (the task's outcome must not overtake its start); its failure is not this report's.</summary>
    private static async Task AfterAsync(Task earlier)
    {
        try
        {
            await earlier.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Logged where it failed; the outcome is reported anyway.
        }
    }

    /// <summary>Reports to the task's grain, retrying a few times: its silo may be moving.</summary>
    private async Task ReportAsync(Func<Task> report)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await report().ConfigureAwait(false);
                return;
            }
            catch (Exception error) when (attempt < 5 && error is not ArgumentException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), _timeProvider).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Resolves inputs and hands them to the task in their order; those held by one other silo are fetched together.</summary>
    private void AddInputs(TaskInputChannel channel, IReadOnlyList<StageInput> inputs)
    {
        var resolved = new TaskInput?[inputs.Count];
        var brokers = new Dictionary<string, IBrokerGrain?>(StringComparer.Ordinal);
        var held = new Dictionary<string, List<(int Index, string Location)>>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count; i++)
        {
            if ((resolved[i] = ResolveHere(inputs[i])) is not null)
            {
                continue;
            }

            foreach (var replica in inputs[i].Replicas)
            {
                if (replica.Kind != LocationKind.File)
                {
                    continue;
                }

                var node = replica.Node!;
                if (!brokers.TryGetValue(node, out var broker))
                {
                    brokers[node] = broker = _nodes.BrokerOf(node);
                }

                if (broker is not null)
                {
                    if (!held.TryGetValue(node, out var list))
                    {
                        held[node] = list = [];
                    }

                    list.Add((i, replica.Path!));
                    break;
                }
            }
        }

        foreach (var (node, list) in held)
        {
            var batch = new RemoteInputBatch(brokers[node]!, list.ConvertAll(static e => e.Location));
            for (var k = 0; k < list.Count; k++)
            {
                var index = list[k].Index;
                resolved[index] = new RemoteTaskInput(inputs[index].Label, node, batch, k);
            }
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            channel.Add(resolved[i] ?? throw new InputLostException($"Input {inputs[i]} is on no live silo."));
        }
    }

    /// <summary>An input read without asking another silo: a file here (a whole file or a range of a pack), a URL, inline text; else null.</summary>
    private TaskInput? ResolveHere(StageInput input)
    {
        foreach (var replica in input.Replicas)
        {
            switch (replica.Kind)
            {
                case LocationKind.File when replica.Node == _nodes.LocalNode:
                    return FileSegment.TryParse(replica.Path!, out var segment)
                        ? new FileSegmentTaskInput(input.Label, segment)
                        : new FileTaskInput(input.Label, replica.Path!);
                case LocationKind.Url:
                    return new UrlTaskInput(input.Label, replica.Url!, s_http);
                case LocationKind.Inline:
                    return MemoryTaskInput.FromText(input.Label, replica.Text!, input.Id);
            }
        }

        return null;
    }

    /// <summary>The answer to <see cref="ReadOutputsAsync"/>, read on a pool thread.</summary>
    private OutputBatch ReadOutputs(List<string> locations, int maxBytes)
    {
        var contents = new List<byte[]?>(locations.Count);
        long left = maxBytes;
        foreach (var location in locations)
        {
            byte[]? content;
            try
            {
                var segment = OpenOutput(location, out var handle);
                using (handle)
                {
                    if (segment.Length > left && segment.Length <= maxBytes)
                    {
                        // Fits in a batch of its own: the next call.
                        break;
                    }

                    // Larger than a batch: never read whole, the task streams it.
                    content = segment.Length > maxBytes ? null : ReadWhole(handle, segment);
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                // Left to the chunked read, which fails with this error if the task opens the input.
                content = null;
            }

            contents.Add(content);
            left -= content?.Length ?? 0;
        }

        return new OutputBatch(contents);
    }

    private static byte[] ReadWhole(SafeFileHandle handle, FileSegment segment)
    {
        var content = new byte[segment.Length];
        for (var filled = 0; filled < content.Length;)
        {
            var read = RandomAccess.Read(handle, content.AsSpan(filled), segment.Offset + filled);
            filled += read > 0 ? read : throw new EndOfStreamException($"'{segment.ToLocation()}' ended early: the file changed after the task that wrote it ended.");
        }

        return content;
    }

    /// <summary>Opens an output (or any file) this silo holds; a missing file is reported with this silo's name.</summary>
    private FileSegment OpenOutput(string location, out SafeFileHandle handle)
    {
        try
        {
            return FileSegment.Open(location, out handle);
        }
        catch (FileNotFoundException error)
        {
            var file = error.FileName ?? location;
            throw new FileNotFoundException($"'{file}' does not exist on silo '{_nodes.LocalNode}'{(file == location ? "" : $" (it held output '{location}')")}.", file, error);
        }
    }

    private static async ValueTask ReadExactlyAsync(SafeFileHandle handle, Memory<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            var read = await RandomAccess.ReadAsync(handle, buffer, offset).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("An output file ended early: it changed after the task that wrote it ended.");
            }

            buffer = buffer[read..];
            offset += read;
        }
    }

    private string JobDirectory(string jobId)
    {
        var directory = Path.GetFullPath(Path.Combine(_root, jobId));
        return directory.StartsWith(_root, StringComparison.Ordinal)
            ? directory
            : throw new ArgumentException($"'{jobId}' is not a valid job id.", nameof(jobId));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not end the input subscription {Subscription}.")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, string subscription);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: task {TaskId} attempt {Attempt} failed.")]
    private static partial void LogTaskFailed(ILogger logger, Exception exception, string jobId, int taskId, int attempt);
}
