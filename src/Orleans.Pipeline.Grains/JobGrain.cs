using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Pipeline.Grains.Hosting;
using Orleans.Pipeline.Grains.State;
using Orleans.Pipeline.Groupings;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Timers;
using Orleans.Pipeline.Specs;
using Orleans.Pipeline.Tasks;

namespace Orleans.Pipeline.Grains;

/// <summary>
/// Runs one pipeline job: groups each stage's inputs into tasks, places each task on its group's node (retries
/// avoid nodes where it failed and prefer one holding an input), feeds concurrent stages as producers finish,
/// retries failed tasks with backoff, restarts every task that consumed outputs that had to be recomputed (the
/// failure cascade), and recomputes outputs lost with a dead silo. State changes are written together (group
/// commit) a moment after they happen, and at once when the job ends.
/// </summary>
/// <remarks>
/// Invariant: a task's <see cref="TaskRecord.Attempt"/> only grows, and only the current attempt's report changes
/// the task; a late report of an older attempt (e.g. from before a restart) is ignored.
/// </remarks>
public sealed partial class JobGrain(
    [PersistentState("job")] IPersistentState<JobState> state,
    NodeDirectory nodes,
    TaskFunctionCatalog catalog,
    IOptions<PipelineOptions> options,
    TimeProvider timeProvider,
    ILogger<JobGrain> logger) : Grain, IJobGrain
{
    private const int MaxEvents = 5000;
    private readonly PipelineOptions _options = options.Value;
    private IGrainTimer? _health;
    private IGrainTimer? _flush;
    private IGrainTimer? _retry;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private JobState S => state.State;

    private string JobId => GrainId.Key;

    private long NowMs => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Status == JobStatus.Running && S.Spec is not null)
        {
            // Whatever was running when this job's silo stopped is gone or will report an older attempt: run it again.
            foreach (var task in AllTasks().Where(t => t.Status == PipelineTaskStatus.Running))
            {
                task.Status = PipelineTaskStatus.Waiting;
                task.RunningOn = null;
            }

            AddEvent("resumed", "The job resumed after its silo restarted; finished tasks are kept.");
            StartHealthChecks();
            await AdvanceAsync();
            await state.WriteStateAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (S.Spec is not null)
        {
            await state.WriteStateAsync();
        }
    }

    public async Task<JobView> SubmitAsync(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (S.Spec is not null)
        {
            throw new InvalidOperationException($"A job with id '{JobId}' was submitted already; choose another id.");
        }

        JobSpecValidator.ThrowIfInvalid(spec, new FunctionCatalogAdapter(catalog));
        await ProgramTaskCheck.ThrowIfInvalidAsync(spec, nodes, () => CheckInputsAsync(spec));
        S.Spec = spec;
        S.Status = JobStatus.Running;
        S.SubmittedMs = NowMs;
        S.Stages = spec.Stages.Select(_ => new StageRecord()).ToList();
        AddEvent("submitted", $"Job '{spec.Name}' submitted with {spec.Inputs.Count} inputs and {spec.Stages.Count} stages.");
        await GrainFactory.GetGrain<IJobRegistryGrain>(JobRegistryGrain.Key).AddAsync(new JobSummary(JobId, spec.Name, JobStatus.Running, S.SubmittedMs));
        StartHealthChecks();
        await AdvanceAsync();
        await state.WriteStateAsync();
        return View();
    }

    public Task<JobView> GetViewAsync() => Task.FromResult(View());

    public async Task<JobStatus> WaitAsync(TimeSpan timeout)
    {
        if (S.Status == JobStatus.Running)
        {
            await Task.WhenAny(_ended.Task, Task.Delay(timeout, timeProvider));
        }

        return S.Status;
    }

    public Task<IReadOnlyList<OutputRecord>> GetResultsAsync()
    {
        if (S.Spec is null)
        {
            return Task.FromResult<IReadOnlyList<OutputRecord>>([]);
        }

        IReadOnlyList<OutputRecord> results = S.Stages[^1].Tasks
            .OrderBy(t => t.TaskId)
            .SelectMany(t => t.Outputs)
            .OrderBy(o => o.Label)
            .ToList();
        return Task.FromResult(results);
    }

    public async Task<byte[]> ReadResultAsync(int resultIndex, long offset, int count)
    {
        var results = await GetResultsAsync();
        if (resultIndex < 0 || resultIndex >= results.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(resultIndex), $"Job '{JobId}' has {results.Count} results; there is no result {resultIndex}.");
        }

        var result = results[resultIndex];
        var broker = nodes.BrokerOf(result.Node)
            ?? throw new InvalidOperationException($"Result {resultIndex} of job '{JobId}' is on silo '{result.Node}', which is not live; it will be recomputed.");
        return await broker.ReadOutputAsync(result.Location, offset, count);
    }

    public async Task CancelAsync()
    {
        if (S.Status != JobStatus.Running)
        {
            return;
        }

        await EndAsync(JobStatus.Cancelled, "The job was cancelled.");
    }

    public async Task PurgeAsync()
    {
        if (S.Spec is null || S.Status == JobStatus.Running)
        {
            throw new InvalidOperationException(S.Spec is null
                ? $"There is no job '{JobId}'; nothing was purged."
                : $"Job '{JobId}' is running and its tasks read its outputs; cancel it or wait until it ends, then purge it.");
        }

        foreach (var node in nodes.LiveNodes())
        {
            await nodes.BrokerOf(node)!.DeleteJobAsync(JobId);
        }

        AddEvent("purged", "The job's outputs were deleted.");
        foreach (var task in AllTasks())
        {
            task.Outputs.Clear();
        }

        S.Purged = true;
        await state.WriteStateAsync();
    }

    public async Task TaskStartedAsync(int taskId, int attempt, string node)
    {
        if (Find(taskId, attempt) is { } task)
        {
            task.Started = true;
            AddEvent("task-started", $"Task {taskId} of stage '{StageName(task)}' started on {node} (attempt {attempt}).", taskId);
            MarkDirty();
        }

        await Task.CompletedTask;
    }

    public async Task TaskSucceededAsync(int taskId, int attempt, string node, List<OutputRecord> outputs)
    {
        if (Find(taskId, attempt) is not { } task || S.Status != JobStatus.Running)
        {
            return;
        }

        task.Status = PipelineTaskStatus.Done;
        task.RunningOn = node;
        task.Outputs = outputs;
        task.Error = null;
        AddEvent("task-done", $"Task {taskId} of stage '{StageName(task)}' finished on {node} with {outputs.Count} outputs ({outputs.Sum(o => o.Size)} bytes).", taskId);
        await FeedConcurrentConsumersAsync(task);
        await AdvanceAsync();
        MarkDirty();
    }

    public async Task TaskFailedAsync(int taskId, int attempt, string node, string error, bool fatal)
    {
        if (Find(taskId, attempt) is not { } task || S.Status != JobStatus.Running)
        {
            return;
        }

        task.Error = error;
        if (fatal)
        {
            task.Status = PipelineTaskStatus.Failed;
            AddEvent("task-fatal", $"Task {taskId} of stage '{StageName(task)}' reported a fatal error on {node}: {error}", taskId);
            await EndAsync(JobStatus.Failed, $"Task {taskId} of stage '{StageName(task)}' failed fatally: {error}");
            return;
        }

        await RetryAsync(task, node, $"failed on {node}: {error}", countsAsFailure: true);
        MarkDirty();
    }

    public async Task ResumeAsync()
    {
        if (S.Status == JobStatus.Running)
        {
            await AdvanceAsync();
        }
    }

    private async Task RetryAsync(TaskRecord task, string node, string reason, bool countsAsFailure)
    {
        task.Status = PipelineTaskStatus.Waiting;
        task.RunningOn = null;
        task.Started = false;
        if (!task.FailedNodes.Contains(node))
        {
            task.FailedNodes.Add(node);
        }

        if (countsAsFailure)
        {
            task.Failures++;
        }

        var limit = S.Spec!.Limits.MaxTaskFailures;
        if (task.Failures >= limit)
        {
            task.Status = PipelineTaskStatus.Failed;
            AddEvent("task-failed", $"Task {task.TaskId} of stage '{StageName(task)}' {reason}; it failed {task.Failures} times, the limit.", task.TaskId);
            await EndAsync(JobStatus.Failed, $"Task {task.TaskId} of stage '{StageName(task)}' failed {task.Failures} times (limits.maxTaskFailures = {limit}); last error: {task.Error}");
            return;
        }

        var delay = _options.RetryBackoff * Math.Pow(2, Math.Max(0, task.Failures - 1));
        task.RetryAtMs = NowMs + (long)delay.TotalMilliseconds;
        AddEvent("task-retry", $"Task {task.TaskId} of stage '{StageName(task)}' {reason}; retrying in {delay.TotalMilliseconds:F0} ms.", task.TaskId);
        await InvalidateConsumersAsync(task);
        _retry?.Dispose();
        // A little later than the backoff, so the pass finds the retry due even if the timer fires a hair early.
        _retry = RegisterGrainTimer(_ => AdvanceAsync(), delay + TimeSpan.FromMilliseconds(5), Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// The failure cascade: the outputs of <paramref name="producer"/> are being recomputed, so every task that
    /// consumed them, finished or not, restarts — and so on through later stages.
    /// </summary>
    private async Task InvalidateConsumersAsync(TaskRecord producer)
    {
        var next = producer.StageIndex + 1;
        if (next >= S.Stages.Count)
        {
            return;
        }

        var prefix = $"t{producer.TaskId}/";
        foreach (var consumer in S.Stages[next].Tasks)
        {
            if (consumer.Status is not (PipelineTaskStatus.Done or PipelineTaskStatus.Running)
                || !consumer.Inputs.Any(i => i.Id.StartsWith(prefix, StringComparison.Ordinal)))
            {
                continue;
            }

            if (consumer.Status == PipelineTaskStatus.Running && consumer.RunningOn is { } where && nodes.BrokerOf(where) is { } broker)
            {
                await broker.CancelTaskAsync(JobId, consumer.TaskId, consumer.Attempt);
            }

            consumer.Status = PipelineTaskStatus.Waiting;
            consumer.RunningOn = null;
            consumer.Started = false;
            consumer.Outputs = [];
            AddEvent("task-restart", $"Task {consumer.TaskId} of stage '{StageName(consumer)}' restarts: it consumed outputs of task {producer.TaskId}, which are being recomputed.", consumer.TaskId);
            await InvalidateConsumersAsync(consumer);
        }
    }

    /// <summary>The scheduling pass: groups stages whose producers are done, dispatches ready tasks, ends the job when all is done.</summary>
    private async Task AdvanceAsync()
    {
        if (S.Status != JobStatus.Running || S.Spec is null)
        {
            return;
        }

        var spec = S.Spec;
        var dispatch = new List<TaskRecord>();
        for (var k = 0; k < S.Stages.Count; k++)
        {
            var stage = S.Stages[k];
            var concurrent = k > 0 && spec.Stages[k].Concurrent;
            var producersDone = k == 0 || AllDone(k - 1);
            if (!stage.Grouped)
            {
                if (!producersDone && !concurrent)
                {
                    break;
                }

                if (producersDone && concurrent)
                {
                    CloseConcurrentStage(k);
                }
                else if (producersDone && !Group(k))
                {
                    break;
                }
            }
            else if (concurrent && producersDone)
            {
                CloseConcurrentStage(k);
            }

            var now = NowMs;
            foreach (var task in stage.Tasks)
            {
                if (task.Status == PipelineTaskStatus.Waiting && (producersDone || concurrent) && task.RetryAtMs <= now)
                {
                    dispatch.Add(task);
                }
            }
        }

        if (S.Stages.All(s => s.Grouped) && AllTasks().All(t => t.Status == PipelineTaskStatus.Done))
        {
            await EndAsync(JobStatus.Succeeded, null);
            return;
        }

        await DispatchAsync(dispatch);
        await CompleteConcurrentInputsAsync();
    }

    /// <summary>Groups stage <paramref name="k"/>'s inputs into tasks; false when some inputs are lost and their producers must run again first.</summary>
    private bool Group(int k)
    {
        var spec = S.Spec!;
        var inputs = k == 0 ? JobInputs() : StageOutputs(k - 1);
        var result = StageGrouper.Group(spec.Stages[k].Grouping, inputs, nodes.LiveNodes(), S.NextTaskId);
        if (result.Unavailable.Count > 0)
        {
            if (k == 0)
            {
                _ = EndAsync(JobStatus.Failed, $"Input {result.Unavailable[0]} is only on silos that are not live.");
                return false;
            }

            foreach (var lost in result.Unavailable)
            {
                RerunProducerOf(lost.Id, "its outputs were lost with their silo");
            }

            return false;
        }

        S.NextTaskId = result.NextTaskId;
        var stage = S.Stages[k];
        stage.Grouped = true;
        stage.Tasks = result.Groups.Select(g => new TaskRecord
        {
            TaskId = g.TaskId,
            StageIndex = k,
            Key = g.Key,
            Node = g.Node,
            Inputs = [.. g.Inputs],
            InputsComplete = true,
        }).ToList();
        AddEvent("stage-started", $"Stage '{spec.Stages[k].Name}' ({spec.Stages[k].Grouping}) has {stage.Tasks.Count} tasks.");
        return true;
    }

    /// <summary>All producers of concurrent stage <paramref name="k"/> ended: its tasks get "no more input"; group_all gets its task even with no input.</summary>
    private void CloseConcurrentStage(int k)
    {
        var stage = S.Stages[k];
        if (!stage.Grouped)
        {
            stage.Grouped = true;
            AddEvent("stage-closed", $"All producers of concurrent stage '{S.Spec!.Stages[k].Name}' ended.");
        }

        if (stage.Tasks.Count == 0 && S.Spec!.Stages[k].Grouping == Grouping.GroupAll)
        {
            stage.Tasks.Add(new TaskRecord { TaskId = S.NextTaskId++, StageIndex = k, Key = new GroupKey(0, GroupKey.OffClusterNode), InputsComplete = true });
        }

        foreach (var task in stage.Tasks)
        {
            task.InputsComplete = true;
        }
    }

    private async Task CompleteConcurrentInputsAsync()
    {
        foreach (var task in AllTasks())
        {
            if (task.InputsComplete && task.Status == PipelineTaskStatus.Running && task.StageIndex > 0
                && S.Spec!.Stages[task.StageIndex].Concurrent && !task.InputsSent && task.RunningOn is { } node && nodes.BrokerOf(node) is { } broker)
            {
                task.InputsSent = true;
                await broker.CompleteInputsAsync(JobId, task.TaskId, task.Attempt);
            }
        }
    }

    /// <summary>A producer of a concurrent stage finished: its outputs start tasks for new group keys at once, or reach the running task of their key.</summary>
    private async Task FeedConcurrentConsumersAsync(TaskRecord producer)
    {
        var next = producer.StageIndex + 1;
        if (next >= S.Stages.Count || !S.Spec!.Stages[next].Concurrent)
        {
            return;
        }

        var grouping = S.Spec.Stages[next].Grouping;
        var live = nodes.LiveNodes();
        var stage = S.Stages[next];
        foreach (var input in OutputsOf(producer))
        {
            var existing = StageGrouper.FindGroup(grouping, stage.Tasks.Select(ToGroup), input, live);
            var task = existing is null ? null : stage.Tasks.First(t => t.TaskId == existing.TaskId);
            if (task is null)
            {
                var group = StageGrouper.StartGroup(grouping, input, live, S.NextTaskId);
                if (group is null)
                {
                    continue;
                }

                S.NextTaskId++;
                // With split a task has exactly one input, so it is complete at once: the consumer runs as soon as its producer finished.
                stage.Tasks.Add(new TaskRecord { TaskId = group.TaskId, StageIndex = next, Key = group.Key, Node = group.Node, Inputs = [input], InputsComplete = grouping == Grouping.Split });
                AddEvent("task-created", $"Concurrent stage '{S.Spec.Stages[next].Name}' starts task {group.TaskId} for {group.Key} before its producers ended.", group.TaskId);
                continue;
            }

            task.Inputs.RemoveAll(i => i.Id == input.Id);
            task.Inputs.Add(input);
            if (task.Status == PipelineTaskStatus.Running && task.RunningOn is { } node && nodes.BrokerOf(node) is { } broker)
            {
                await broker.AddInputsAsync(JobId, task.TaskId, task.Attempt, [input]);
            }
        }
    }

    private async Task DispatchAsync(List<TaskRecord> tasks)
    {
        if (tasks.Count == 0)
        {
            return;
        }

        var spec = S.Spec!;
        var live = nodes.LiveNodes();
        var sends = new List<(TaskRecord Task, string Node, Task Call)>();
        foreach (var task in tasks)
        {
            var node = ChooseNode(task, live);
            if (node is null || nodes.BrokerOf(node) is not { } broker)
            {
                AddEvent("no-node", $"Task {task.TaskId} waits: no live silo can run it.", task.TaskId);
                continue;
            }

            RefreshInputs(task);
            task.Attempt++;
            task.Status = PipelineTaskStatus.Running;
            task.RunningOn = node;
            task.Started = false;
            task.InputsSent = task.InputsComplete;
            var stageSpec = spec.Stages[task.StageIndex];
            var assignment = new TaskAssignment(
                JobId,
                spec.Name,
                task.TaskId,
                task.Attempt,
                stageSpec.Name,
                task.Key.Label,
                stageSpec.Task,
                [.. task.Inputs],
                MoreInputsExpected: task.StageIndex > 0 && stageSpec.Concurrent && !task.InputsComplete,
                spec.Limits.TaskTimeout);
            AddEvent("task-dispatched", $"Task {task.TaskId} of stage '{stageSpec.Name}' goes to {node} (attempt {task.Attempt}, {task.Inputs.Count} inputs).", task.TaskId);
            sends.Add((task, node, broker.StartTaskAsync(assignment)));
        }

        foreach (var (task, node, call) in sends)
        {
            try
            {
                await call;
            }
            catch (Exception error)
            {
                LogDispatchFailed(logger, error, JobId, task.TaskId, node);
                task.Error = error.Message;
                await RetryAsync(task, node, $"could not be started on {node}", countsAsFailure: false);
            }
        }

        MarkDirty();
    }

    /// <summary>First attempt: the group's node when live. Retries: a live node where it has not failed, preferring one that holds an input.</summary>
    private static string? ChooseNode(TaskRecord task, IReadOnlyList<string> live)
    {
        if (live.Count == 0)
        {
            return null;
        }

        if (task.Attempt == 0 && task.Node.Length > 0 && live.Contains(task.Node))
        {
            return task.Node;
        }

        var candidates = live.Where(n => !task.FailedNodes.Contains(n)).ToList();
        if (candidates.Count == 0)
        {
            candidates = [.. live];
        }

        var holding = task.Inputs.SelectMany(i => i.Replicas).Select(r => r.Node).Where(n => n is not null && candidates.Contains(n)).ToList();
        return holding.Count > 0 ? holding[0] : candidates[(task.TaskId + task.Attempt) % candidates.Count];
    }

    /// <summary>Points a task's inputs from earlier producers at their producers' current outputs (they may have been recomputed elsewhere).</summary>
    private void RefreshInputs(TaskRecord task)
    {
        if (task.StageIndex == 0)
        {
            return;
        }

        var producers = S.Stages[task.StageIndex - 1].Tasks.ToDictionary(t => t.TaskId);
        for (var i = 0; i < task.Inputs.Count; i++)
        {
            var input = task.Inputs[i];
            if (TryParseOutputId(input.Id, out var producerId, out var label)
                && producers.TryGetValue(producerId, out var producer)
                && producer.Outputs.FirstOrDefault(o => o.Label == label) is { } output)
            {
                task.Inputs[i] = input with { Replicas = [Location.OnNode(output.Node, output.Location)] };
            }
        }
    }

    /// <summary>The periodic check: tasks running on dead silos run again elsewhere; outputs lost with a silo are recomputed when still needed.</summary>
    private async Task CheckHealthAsync()
    {
        if (S.Status != JobStatus.Running)
        {
            return;
        }

        var live = nodes.LiveNodes().ToHashSet(StringComparer.Ordinal);
        var changed = false;
        foreach (var task in AllTasks().ToList())
        {
            if (task.Status == PipelineTaskStatus.Running && task.RunningOn is { } node && !live.Contains(node))
            {
                changed = true;
                await RetryAsync(task, node, $"was running on {node}, which died", countsAsFailure: false);
            }
            else if (task.Status == PipelineTaskStatus.Done && task.Outputs.Any(o => !live.Contains(o.Node)) && OutputsNeeded(task))
            {
                changed = true;
                RerunProducer(task, $"its outputs were lost with silo {task.Outputs.First(o => !live.Contains(o.Node)).Node}");
                await InvalidateConsumersAsync(task);
            }
        }

        // Also the safety net of every other wake-up: any task that is due is dispatched here at the latest.
        await AdvanceAsync();
        if (changed)
        {
            MarkDirty();
        }
    }

    /// <summary>Lost outputs matter while a later task may still read them: the job's results, or inputs of a stage not finished yet.</summary>
    private bool OutputsNeeded(TaskRecord task)
    {
        var next = task.StageIndex + 1;
        return next >= S.Stages.Count || !S.Stages[next].Grouped || S.Stages[next].Tasks.Any(t => t.Status != PipelineTaskStatus.Done);
    }

    private void RerunProducerOf(string inputId, string reason)
    {
        if (TryParseOutputId(inputId, out var producerId, out _) && AllTasks().FirstOrDefault(t => t.TaskId == producerId) is { } producer)
        {
            RerunProducer(producer, reason);
        }
    }

    private void RerunProducer(TaskRecord producer, string reason)
    {
        if (producer.Status != PipelineTaskStatus.Done)
        {
            return;
        }

        producer.Status = PipelineTaskStatus.Waiting;
        producer.Outputs = [];
        producer.RunningOn = null;
        AddEvent("task-recompute", $"Task {producer.TaskId} of stage '{StageName(producer)}' runs again: {reason}.", producer.TaskId);
    }

    private async Task EndAsync(JobStatus status, string? error)
    {
        if (S.Status != JobStatus.Running)
        {
            return;
        }

        S.Status = status;
        S.Error = error;
        S.FinishedMs = NowMs;
        AddEvent(status.ToString().ToLowerInvariant(), error ?? $"The job succeeded in {S.FinishedMs - S.SubmittedMs} ms.");
        _health?.Dispose();
        _retry?.Dispose();
        if (status != JobStatus.Succeeded)
        {
            foreach (var node in nodes.LiveNodes())
            {
                try
                {
                    await nodes.BrokerOf(node)!.CancelJobAsync(JobId);
                }
                catch (Exception cancelError)
                {
                    LogCancelFailed(logger, cancelError, JobId, node);
                }
            }
        }

        await state.WriteStateAsync();
        _ended.TrySetResult();
        await GrainFactory.GetGrain<IJobRegistryGrain>(JobRegistryGrain.Key).UpdateAsync(JobId, status);
    }

    private async Task CheckInputsAsync(JobSpec spec)
    {
        var problems = new List<SpecProblem>();
        for (var i = 0; i < spec.Inputs.Count; i++)
        {
            var locations = spec.Inputs[i].Locations;
            for (var j = 0; j < locations.Count; j++)
            {
                var location = locations[j];
                if (location.Kind != LocationKind.File)
                {
                    continue;
                }

                var path = $"inputs[{i}].locations[{j}]";
                if (nodes.BrokerOf(location.Node!) is not { } broker)
                {
                    problems.Add(new SpecProblem($"{path}.node", $"no live silo is named '{location.Node}'; live silos: {string.Join(", ", nodes.LiveNodes())}"));
                    continue;
                }

                try
                {
                    await broker.ReadOutputAsync(location.Path!, 0, 0);
                }
                catch (Exception error)
                {
                    problems.Add(new SpecProblem($"{path}.path", $"'{location.Path}' cannot be read on silo '{location.Node}': {error.Message}"));
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new SpecValidationException(problems);
        }
    }

    private List<StageInput> JobInputs() =>
        S.Spec!.Inputs.Select((input, i) => new StageInput($"input-{i}", input.Label, input.Locations)).ToList();

    private List<StageInput> StageOutputs(int k) =>
        S.Stages[k].Tasks.OrderBy(t => t.TaskId).SelectMany(OutputsOf).ToList();

    private static IEnumerable<StageInput> OutputsOf(TaskRecord task) =>
        task.Outputs.Select(o => new StageInput($"t{task.TaskId}/{o.Label}", o.Label, [Location.OnNode(o.Node, o.Location)]));

    private static bool TryParseOutputId(string id, out int taskId, out int label)
    {
        taskId = label = 0;
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        return id.StartsWith('t') && slash > 1
            && int.TryParse(id.AsSpan(1, slash - 1), System.Globalization.CultureInfo.InvariantCulture, out taskId)
            && int.TryParse(id.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture, out label);
    }

    private static TaskGroup ToGroup(TaskRecord task) => new(task.TaskId, task.Key, task.Node, task.Inputs);

    private bool AllDone(int k) => S.Stages[k].Grouped && S.Stages[k].Tasks.All(t => t.Status == PipelineTaskStatus.Done);

    private IEnumerable<TaskRecord> AllTasks() => S.Stages.SelectMany(s => s.Tasks);

    private TaskRecord? Find(int taskId, int attempt) =>
        AllTasks().FirstOrDefault(t => t.TaskId == taskId && t.Attempt == attempt && t.Status == PipelineTaskStatus.Running);

    private string StageName(TaskRecord task) => S.Spec!.Stages[task.StageIndex].Name;

    private void AddEvent(string kind, string message, int taskId = -1)
    {
        S.Events.Add(new JobEvent(NowMs, kind, message, taskId));
        if (S.Events.Count > MaxEvents)
        {
            S.Events.RemoveRange(0, S.Events.Count - MaxEvents);
        }
    }

    private void StartHealthChecks()
    {
        _health ??= RegisterGrainTimer(_ => CheckHealthAsync(), _options.HealthCheckPeriod, _options.HealthCheckPeriod);
    }

    /// <summary>Group commit: changes made within <see cref="PipelineOptions.StateFlushDelay"/> are written together.</summary>
    private void MarkDirty()
    {
        _flush ??= RegisterGrainTimer(
            async _ =>
            {
                _flush?.Dispose();
                _flush = null;
                await state.WriteStateAsync();
            },
            _options.StateFlushDelay,
            Timeout.InfiniteTimeSpan);
    }

    private JobView View()
    {
        if (S.Spec is null)
        {
            return new JobView(JobId, "", JobStatus.Unknown, null, [], [], 0, 0);
        }

        var stages = S.Spec.Stages.Select((spec, k) => new StageView(
            spec.Name,
            GroupingNames.ToName(spec.Grouping),
            spec.Concurrent,
            S.Stages[k].Tasks.Select(t => new TaskView(t.TaskId, t.Key.Label, t.Status, t.Attempt, t.RunningOn, t.Inputs.Count, t.Error)).ToList())).ToList();
        return new JobView(JobId, S.Spec.Name, S.Status, S.Error, stages, [.. S.Events], S.SubmittedMs, S.FinishedMs, S.Purged);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: task {TaskId} could not be started on {Node}.")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, string jobId, int taskId, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: could not cancel its tasks on {Node}.")]
    private static partial void LogCancelFailed(ILogger logger, Exception exception, string jobId, string node);
}
