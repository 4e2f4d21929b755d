using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Pipeline.Grains.Hosting;
using Orleans.Pipeline.Grains.Scheduling;
using Orleans.Pipeline.Grains.State;
using Orleans.Pipeline.Groupings;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Placement;
using Orleans.Pipeline.Runtime.Timers;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Grains;

/// <summary>
/// One stage of a pipeline job. Groups its inputs into tasks once its producers ended, or, for a concurrent stage,
/// starts a task for each new group key as producers finish and hands later inputs to the running task; tells the
/// next stage about its tasks and their outputs; restarts the tasks that consumed outputs being recomputed (the
/// failure cascade, which goes on through the next stages the same way); recomputes outputs lost with a silo.
/// </summary>
/// <remarks>
/// <para>
/// Reentrant, and every decision is taken in one scheduling pass (<see cref="PassAsync"/>) that runs one at a time:
/// calls only record what they heard and ask for a pass, so a task or stage that calls this one never waits on a
/// call this stage is making to it. The pass derives everything from the state, so running it again is harmless.
/// </para>
/// <para>
/// State is written together a moment after it changes (group commit), and as soon as tasks are created (their
/// ids are taken). After a restart the stage asks its tasks for their state and the previous stage for its tasks,
/// and tells the next stage about its own again, so nothing it had not written yet is lost.
/// </para>
/// </remarks>
[PreferLocalPlacement]
[Reentrant]
public sealed partial class StageGrain(
    [PersistentState("stage")] IPersistentState<StageState> state,
    NodeDirectory nodes,
    IOptions<PipelineOptions> options,
    TimeProvider timeProvider,
    ILogger<StageGrain> logger) : Grain, IStageGrain
{
    private const int MaxEvents = 5000;
    private readonly PipelineOptions _options = options.Value;
    private StateWriter? _writer;
    private IGrainTimer? _resumeAfterActivation;
    private Task _work = Task.CompletedTask;
    private bool _passQueued;
    private bool _resumeQueued;
    private Task? _groupingStored;
    private HashSet<string> _lastLive = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _missingSinceMs = new(StringComparer.Ordinal);

    private StageState S => state.State;

    private StageDefinition D => S.Definition ?? throw new InvalidOperationException($"Stage {GrainId.Key} was never started by its job.");

    private StateWriter Writer => _writer ??= new StateWriter(
        state.WriteStateAsync,
        write => RegisterGrainTimer(_ => write(), _options.StateFlushDelay, Timeout.InfiniteTimeSpan));

    private long NowMs => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private bool ProducersEnded => D.IsFirst || (S.ProducersFinal && S.Producers.All(p => p.Done));

    private IJobCoordinatorGrain Job => GrainFactory.GetGrain<IJobCoordinatorGrain>(D.JobId);

    private IStageGrain Previous => GrainFactory.GetGrain<IStageGrain>(PipelineKeys.Stage(D.JobId, D.Index - 1));

    private IStageGrain Next => GrainFactory.GetGrain<IStageGrain>(PipelineKeys.Stage(D.JobId, D.Index + 1));

    private ITaskGrain TaskGrain(int taskId) => GrainFactory.GetGrain<ITaskGrain>(PipelineKeys.Task(D.JobId, taskId));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Definition is not null && !S.Stopped)
        {
            // Activated again after a restart or a move: catch up once the activation can take calls.
            _resumeAfterActivation = RegisterGrainTimer(
                _ =>
                {
                    _resumeAfterActivation?.Dispose();
                    RequestResume();
                    return Task.CompletedTask;
                },
                TimeSpan.Zero,
                Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (S.Definition is not null)
        {
            await Writer.WriteAsync();
        }
    }

    public async Task StartAsync(StageDefinition definition, List<StageInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(inputs);
        if (S.Definition is not null)
        {
            return;
        }

        S.Definition = definition;
        S.JobInputs = inputs;
        await Writer.WriteAsync();
        RequestPass();
    }

    public Task ProducersAsync(List<int> taskIds, bool final)
    {
        ArgumentNullException.ThrowIfNull(taskIds);
        foreach (var id in taskIds)
        {
            Producer(id);
        }

        S.ProducersFinal |= final;
        Changed();
        return Task.CompletedTask;
    }

    public Task ProducerDoneAsync(int taskId, List<OutputRecord> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var producer = Producer(taskId);
        if (producer.Done && producer.Outputs.SequenceEqual(outputs))
        {
            return Task.CompletedTask;
        }

        producer.Done = true;
        producer.Outputs = outputs;
        producer.Fed = false;
        Changed();
        return Task.CompletedTask;
    }

    public Task ProducerInvalidatedAsync(int taskId, string reason)
    {
        var producer = Producer(taskId);
        var consumers = S.Tasks.Where(t => HoldsInputsOf(t, taskId)).ToList();
        if (!producer.Done && consumers.Count == 0)
        {
            return Task.CompletedTask;
        }

        producer.Done = false;
        producer.Outputs = [];
        producer.Fed = false;
        foreach (var consumer in consumers)
        {
            // Marked here, before the caller hears back, so a health check of this stage that comes next sees it.
            if (consumer.Status is PipelineTaskStatus.Done or PipelineTaskStatus.Running || consumer.Released)
            {
                MarkRestart(consumer, "task-restart", $"it consumed outputs of task {taskId}, which are being recomputed", D.Concurrent ? taskId : -1);
            }
        }

        if (D.Concurrent && S.Closed)
        {
            S.Closed = false;
            AddEvent("stage-reopened", $"Concurrent stage '{D.Spec.Name}' waits for task {taskId} of the previous stage again.");
        }

        Changed();
        return Task.CompletedTask;
    }

    public Task RecomputeAsync(int taskId, string reason)
    {
        if (S.Tasks.FirstOrDefault(t => t.TaskId == taskId) is { Status: PipelineTaskStatus.Done, RestartBecause: null } task)
        {
            MarkRestart(task, "task-recompute", reason, -1);
            Changed();
        }

        return Task.CompletedTask;
    }

    public Task TaskChangedAsync(TaskUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        foreach (var e in update.Events)
        {
            AddEvent(e);
        }

        var task = S.Tasks.FirstOrDefault(t => t.TaskId == update.TaskId);
        if (task is not null && update.Version > task.Version)
        {
            task.Version = update.Version;
            task.Status = task.RestartBecause is null ? update.Status : PipelineTaskStatus.Waiting;
            task.Attempt = update.Attempt;
            task.RunningOn = update.RunningOn;
            task.Outputs = [.. update.Outputs];
            task.Error = update.Error;
        }

        if (update.JobError is { } error)
        {
            Enqueue(() => Job.FailAsync(error));
        }

        Changed();
        return Task.CompletedTask;
    }

    public async Task CheckHealthAsync(List<string> liveNodes, bool outputsNeeded)
    {
        ArgumentNullException.ThrowIfNull(liveNodes);
        if (S.Definition is null || S.Stopped)
        {
            return;
        }

        var live = liveNodes.ToHashSet(StringComparer.Ordinal);
        var someoneDied = _lastLive.Any(n => !live.Contains(n));
        _lastLive = live;
        foreach (var node in _missingSinceMs.Keys.Where(live.Contains).ToList())
        {
            _missingSinceMs.Remove(node);
        }

        foreach (var task in S.Tasks.ToList())
        {
            if (task.Status == PipelineTaskStatus.Running && task.RunningOn is { } node && !live.Contains(node))
            {
                await TaskGrain(task.TaskId).NodeLostAsync();
            }
            else if (task.Status == PipelineTaskStatus.Done && task.RestartBecause is null && outputsNeeded
                && task.Outputs.FirstOrDefault(o => !live.Contains(o.Node) && GoneLongEnough(o.Node)) is { } lost)
            {
                var reason = $"its outputs were lost with silo {lost.Node}";
                MarkRestart(task, "task-recompute", reason, -1);
                if (!D.IsLast && task.AnnouncedDone)
                {
                    // At once, not in the next pass: the job checks the next stage after this one, and must find
                    // the consumers already marked to restart rather than lose their outputs a second time.
                    task.AnnouncedDone = false;
                    await Next.ProducerInvalidatedAsync(task.TaskId, reason);
                }
            }
            else if (someoneDied && task.Status == PipelineTaskStatus.Running && D.Concurrent)
            {
                // The dead silo may have held the attempt's input stream: send the inputs again (repeats are dropped).
                await TaskGrain(task.TaskId).ResendInputsAsync();
            }
        }

        // Also the safety net of every other wake-up: whatever is due is done here at the latest.
        RequestPass();
    }

    public Task ResumeAsync()
    {
        if (S.Definition is not null && !S.Stopped)
        {
            RequestResume();
        }

        return Task.CompletedTask;
    }

    public Task AnnounceAsync()
    {
        if (S.Definition is not null)
        {
            ForgetAnnouncements();
            Changed();
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync()
    {
        if (S.Definition is null || S.Stopped)
        {
            return;
        }

        S.Stopped = true;
        await Task.WhenAll(S.Tasks.Select(t => TaskGrain(t.TaskId).StopAsync()));
        await Writer.WriteAsync();
    }

    public Task<StageProgress> GetProgressAsync() => Task.FromResult(new StageProgress(
        S.Tasks.Select(t => new TaskView(t.TaskId, t.Key.Label, t.Status, t.Attempt, t.RunningOn, t.Inputs.Count, t.Error)).ToList(),
        [.. S.Events]));

    public Task<List<OutputRecord>> GetOutputsAsync() =>
        Task.FromResult(S.Tasks.OrderBy(t => t.TaskId).SelectMany(t => t.Outputs).OrderBy(o => o.Label).ToList());

    /// <summary>
    /// The scheduling pass: restarts what must start over, groups or feeds, tells the next stage about this stage's
    /// tasks, runs the tasks that may run, and tells the job when the stage is done.
    /// </summary>
    private async Task PassAsync()
    {
        if (S.Definition is null || S.Stopped)
        {
            return;
        }

        await RestartMarkedTasksAsync();
        if (!D.Concurrent && !S.Grouped && ProducersEnded && !await GroupAsync())
        {
            return;
        }

        if (D.Concurrent)
        {
            await FeedAsync();
        }

        await AnnounceTasksAsync();
        await ReleaseTasksAsync();
        if (D.Concurrent && ProducersEnded && !S.Closed)
        {
            await CloseAsync();
        }

        await AnnounceOutputsAsync();
        if (_groupingStored is { } stored)
        {
            _groupingStored = null;
            await stored;
        }

        var done = (D.Concurrent ? S.Closed : S.Grouped) && ProducersEnded
            && S.Tasks.All(t => t.Status == PipelineTaskStatus.Done && t.RestartBecause is null);
        if (done != S.Done)
        {
            S.Done = done;
            await Job.StageDoneAsync(D.Index, done);
        }

        Writer.WriteSoon();
    }

    private async Task RestartMarkedTasksAsync()
    {
        await Task.WhenAll(S.Tasks.Where(t => t.RestartBecause is not null).ToList().Select(async task =>
        {
            var reason = task.RestartBecause!;
            await TaskGrain(task.TaskId).InvalidateAsync(task.RestartKind, reason, task.RestartDropsInputsOf);
            if (task.RestartBecause == reason)
            {
                task.RestartBecause = null;
                task.RestartDropsInputsOf = -1;
            }
        }));
    }

    /// <summary>Makes the stage's tasks from all its inputs; false when some inputs were lost and their producers run again first.</summary>
    private async Task<bool> GroupAsync()
    {
        var inputs = D.IsFirst ? S.JobInputs : S.Producers.Where(p => p.Done).OrderBy(p => p.TaskId).SelectMany(OutputsOf).ToList();
        var result = StageGrouper.Group(D.Spec.Grouping, inputs, nodes.LiveNodes(), firstTaskId: 0);
        if (result.Unavailable.Count > 0)
        {
            if (D.IsFirst)
            {
                await Job.FailAsync($"Input {result.Unavailable[0]} is only on silos that are not live.");
                return false;
            }

            foreach (var lost in result.Unavailable)
            {
                if (!lost.Replicas.Where(r => r.Kind == LocationKind.File).All(r => GoneLongEnough(r.Node!)))
                {
                    // Its silo may be restarting with the output in its data directory: the next health check looks again.
                    continue;
                }

                if (TryParseOutputId(lost.Id, out var producerId) && S.Producers.FirstOrDefault(p => p.TaskId == producerId) is { } producer)
                {
                    producer.Done = false;
                    producer.Outputs = [];
                    await Previous.RecomputeAsync(producerId, "its outputs were lost with their silo");
                }
            }

            return false;
        }

        // Task ids count up through the job: the job hands out a block for this stage's groups, in group order.
        var first = result.Groups.Count == 0 ? 0 : await Job.AllocateTaskIdsAsync(result.Groups.Count);
        S.Tasks = result.Groups.Select(g => new StageTask { TaskId = first + g.TaskId, Key = g.Key, Node = g.Node, Inputs = [.. g.Inputs] }).ToList();
        S.Grouped = true;
        AddEvent("stage-started", $"Stage '{D.Spec.Name}' ({GroupingNames.ToName(D.Spec.Grouping)}) has {S.Tasks.Count} tasks.");

        // Stored while the tasks start (the pass waits for it before it ends): the ids are the job's, so a stage
        // restarted before this write lands groups again with new ids, and the first tasks' reports are ignored.
        _groupingStored = Writer.WriteAsync();
        return true;
    }

    /// <summary>A concurrent stage: outputs of producers that finished start tasks for new group keys, or reach the task of their key.</summary>
    private async Task FeedAsync()
    {
        var live = nodes.LiveNodes();
        foreach (var producer in S.Producers.Where(p => p.Done && !p.Fed).OrderBy(p => p.TaskId).ToList())
        {
            foreach (var input in OutputsOf(producer))
            {
                var task = S.Tasks.FirstOrDefault(t => t.Inputs.Any(i => i.Id == input.Id) || t.DroppedInputs.Contains(input.Id));
                if (task is null && StageGrouper.FindGroup(D.Spec.Grouping, S.Tasks.Select(ToGroup), input, live) is { } group)
                {
                    task = S.Tasks.First(t => t.TaskId == group.TaskId);
                }

                if (task is null)
                {
                    var id = await Job.AllocateTaskIdsAsync(1);
                    if (StageGrouper.StartGroup(D.Spec.Grouping, input, live, id) is not { } started)
                    {
                        continue;
                    }

                    S.Tasks.Add(new StageTask { TaskId = id, Key = started.Key, Node = started.Node, Inputs = [input] });
                    AddEvent("task-created", $"Concurrent stage '{D.Spec.Name}' starts task {id} for {started.Key} before its producers ended.", id);
                    continue;
                }

                task.DroppedInputs.Remove(input.Id);
                task.Inputs.RemoveAll(i => i.Id == input.Id);
                task.Inputs.Add(input);
                if (task.Released && task.RestartBecause is null)
                {
                    await TaskGrain(task.TaskId).AddInputsAsync([input]);
                }
            }

            producer.Fed = true;
        }
    }

    /// <summary>Tells the next stage which tasks this stage has, before any of them can finish; "final" once no other can appear.</summary>
    private async Task AnnounceTasksAsync()
    {
        if (D.IsLast)
        {
            return;
        }

        var fresh = S.Tasks.Where(t => !t.AnnouncedAsProducer).ToList();
        var final = D.Concurrent ? S.Closed : S.Grouped;
        if (fresh.Count == 0 && (!final || S.ProducersAnnouncedFinal))
        {
            return;
        }

        await Next.ProducersAsync(fresh.Select(t => t.TaskId).ToList(), final);
        fresh.ForEach(t => t.AnnouncedAsProducer = true);
        S.ProducersAnnouncedFinal |= final;
    }

    /// <summary>Runs the tasks that may run: all of a stage once its producers ended; a concurrent stage's task as soon as it has an input.</summary>
    private async Task ReleaseTasksAsync()
    {
        var ended = ProducersEnded;
        var inputsComplete = !D.Concurrent || S.Closed || D.Spec.Grouping == Grouping.Split;
        var runs = new List<Task>();
        foreach (var task in S.Tasks.Where(t => !t.Released && t.RestartBecause is null && t.Status is PipelineTaskStatus.Waiting))
        {
            if (D.Concurrent ? task.Inputs.Count == 0 && !S.Closed : !ended)
            {
                continue;
            }

            RefreshInputs(task);
            task.Released = true;
            task.CompletionSent = inputsComplete;
            runs.Add(RunAsync(task));
        }

        // All at once: each task grain places its attempt on its own, so a wide stage starts in one round trip.
        await Task.WhenAll(runs);

        async Task RunAsync(StageTask task)
        {
            try
            {
                await TaskGrain(task.TaskId).RunAsync(new TaskDefinition(D, task.TaskId, task.Key, task.Node), [.. task.Inputs], inputsComplete);
            }
            catch
            {
                // Not told: the next pass runs it.
                task.Released = false;
                throw;
            }
        }
    }

    /// <summary>Every producer of a concurrent stage ended: its tasks hear there is no more input; group_all gets its task even with no input.</summary>
    private async Task CloseAsync()
    {
        S.Closed = true;
        AddEvent("stage-closed", $"All producers of concurrent stage '{D.Spec.Name}' ended.");
        if (S.Tasks.Count == 0 && D.Spec.Grouping == Grouping.GroupAll)
        {
            var id = await Job.AllocateTaskIdsAsync(1);
            S.Tasks.Add(new StageTask { TaskId = id, Key = new GroupKey(0, GroupKey.OffClusterNode) });
            RequestPass();
        }

        foreach (var task in S.Tasks.Where(t => t.Released && !t.CompletionSent && t.RestartBecause is null).ToList())
        {
            task.CompletionSent = true;
            await TaskGrain(task.TaskId).CompleteInputsAsync();
        }
    }

    /// <summary>Tells the next stage which tasks finished (with their outputs) and which run again.</summary>
    private async Task AnnounceOutputsAsync()
    {
        if (D.IsLast)
        {
            return;
        }

        var announcements = new List<Task>();
        foreach (var task in S.Tasks)
        {
            var done = task.Status == PipelineTaskStatus.Done && task.RestartBecause is null;
            if (done && !task.AnnouncedDone)
            {
                announcements.Add(AnnounceAsync(task, done, () => Next.ProducerDoneAsync(task.TaskId, [.. task.Outputs])));
            }
            else if (!done && task.AnnouncedDone)
            {
                announcements.Add(AnnounceAsync(task, done, () => Next.ProducerInvalidatedAsync(task.TaskId, $"task {task.TaskId} runs again")));
            }
        }

        await Task.WhenAll(announcements);

        static async Task AnnounceAsync(StageTask task, bool done, Func<Task> tell)
        {
            task.AnnouncedDone = done;
            try
            {
                await tell();
            }
            catch
            {
                // Not heard: the next pass tells it again.
                task.AnnouncedDone = !done;
                throw;
            }
        }
    }

    /// <summary>After a restart: the tasks' own state, the previous stage's tasks, and this stage's told to the next again.</summary>
    private async Task ResumeCoreAsync()
    {
        foreach (var task in S.Tasks.ToList())
        {
            var update = await TaskGrain(task.TaskId).ResumeAsync();
            if (update.TaskId < 0)
            {
                // The task grain never stored its definition: run it (again).
                task.Released = false;
                continue;
            }

            await TaskChangedAsync(update);
        }

        ForgetAnnouncements();
        if (!D.IsFirst)
        {
            await Previous.AnnounceAsync();
        }
    }

    private void ForgetAnnouncements()
    {
        foreach (var task in S.Tasks)
        {
            task.AnnouncedAsProducer = false;
            task.AnnouncedDone = task.Status != PipelineTaskStatus.Done;
        }

        S.ProducersAnnouncedFinal = false;
    }

    private void MarkRestart(StageTask task, string kind, string reason, int dropInputsOf)
    {
        task.RestartBecause = reason;
        task.RestartKind = kind;
        task.Released = false;
        task.CompletionSent = false;
        task.Status = PipelineTaskStatus.Waiting;
        if (dropInputsOf >= 0)
        {
            task.RestartDropsInputsOf = dropInputsOf;
            var prefix = $"t{dropInputsOf}/";
            task.DroppedInputs.AddRange(task.Inputs.Where(i => i.Id.StartsWith(prefix, StringComparison.Ordinal)).Select(i => i.Id));
            task.Inputs.RemoveAll(i => i.Id.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    /// <summary>Points a task's inputs from producers at their current outputs (they may have been recomputed elsewhere).</summary>
    private void RefreshInputs(StageTask task)
    {
        for (var i = 0; i < task.Inputs.Count; i++)
        {
            var input = task.Inputs[i];
            if (TryParseOutputId(input.Id, out var producerId, out var label)
                && S.Producers.FirstOrDefault(p => p.TaskId == producerId && p.Done) is { } producer
                && producer.Outputs.FirstOrDefault(o => o.Label == label) is { } output)
            {
                task.Inputs[i] = input with { Replicas = [Location.OnNode(output.Node, output.Location)] };
            }
        }
    }

    /// <summary>Whether a node that is not live has been gone for <see cref="PipelineOptions.OutputLossGrace"/> (the clock starts when the stage first misses it).</summary>
    private bool GoneLongEnough(string node)
    {
        if (nodes.IsLive(node))
        {
            return false;
        }

        if (!_missingSinceMs.TryGetValue(node, out var since))
        {
            _missingSinceMs[node] = since = NowMs;
        }

        return NowMs - since >= (long)_options.OutputLossGrace.TotalMilliseconds;
    }

    private ProducerRecord Producer(int taskId)
    {
        var producer = S.Producers.FirstOrDefault(p => p.TaskId == taskId);
        if (producer is null)
        {
            producer = new ProducerRecord { TaskId = taskId };
            S.Producers.Add(producer);
        }

        return producer;
    }

    private static bool HoldsInputsOf(StageTask task, int producerId)
    {
        var prefix = $"t{producerId}/";
        return task.Inputs.Any(i => i.Id.StartsWith(prefix, StringComparison.Ordinal));
    }

    private static IEnumerable<StageInput> OutputsOf(ProducerRecord producer) =>
        producer.Outputs.Select(o => new StageInput($"t{producer.TaskId}/{o.Label}", o.Label, [Location.OnNode(o.Node, o.Location)]));

    private static bool TryParseOutputId(string id, out int taskId) => TryParseOutputId(id, out taskId, out _);

    private static bool TryParseOutputId(string id, out int taskId, out int label)
    {
        taskId = label = 0;
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        return id.StartsWith('t') && slash > 1
            && int.TryParse(id.AsSpan(1, slash - 1), System.Globalization.CultureInfo.InvariantCulture, out taskId)
            && int.TryParse(id.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture, out label);
    }

    private static TaskGroup ToGroup(StageTask task) => new(task.TaskId, task.Key, task.Node, task.Inputs);

    /// <summary>Something changed: write it soon, and decide what follows.</summary>
    private void Changed()
    {
        Writer.WriteSoon();
        RequestPass();
    }

    private void RequestPass()
    {
        if (_passQueued)
        {
            return;
        }

        _passQueued = true;
        Enqueue(() =>
        {
            _passQueued = false;
            return PassAsync();
        });
    }

    private void RequestResume()
    {
        if (_resumeQueued)
        {
            return;
        }

        _resumeQueued = true;
        Enqueue(() =>
        {
            _resumeQueued = false;
            return ResumeCoreAsync();
        });
        RequestPass();
    }

    /// <summary>Runs <paramref name="work"/> after the work queued before it; a failure is logged, and the next health check tries again.</summary>
    private void Enqueue(Func<Task> work)
    {
        _work = RunAfterAsync(_work, work);

        async Task RunAfterAsync(Task previous, Func<Task> next)
        {
            await previous;
            try
            {
                await next();
            }
            catch (Exception error)
            {
                LogPassFailed(logger, error, GrainId.Key);
            }
        }
    }

    private void AddEvent(string kind, string message, int taskId = -1) => AddEvent(new JobEvent(NowMs, kind, message, taskId));

    private void AddEvent(JobEvent e)
    {
        S.Events.Add(e);
        if (S.Events.Count > MaxEvents)
        {
            S.Events.RemoveRange(0, S.Events.Count - MaxEvents);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stage {Stage}: a scheduling step failed; the next health check tries again.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string stage);
}
