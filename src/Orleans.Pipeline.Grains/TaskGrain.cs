using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Pipeline.Grains.Hosting;
using Orleans.Pipeline.Grains.Scheduling;
using Orleans.Pipeline.Grains.State;
using Orleans.Pipeline.Groupings;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Placement;
using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Placement;
using Orleans.Pipeline.Runtime.Streams;
using Orleans.Pipeline.Runtime.Timers;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Grains;

/// <summary>
/// One task of a pipeline job: places each attempt on a broker (the group's node first; a retry avoids nodes where
/// it failed and prefers one holding an input), retries failed attempts with backoff up to the job's limit, feeds a
/// running attempt of a concurrent stage through its input stream, and reports every change to its stage.
/// </summary>
/// <remarks>
/// Not reentrant: one call at a time, so an attempt's reports never interleave with a restart. It only calls grains
/// that are (its stage, the brokers), so no call cycle can wait on itself. The state is written before the stage
/// hears of a change, and while an attempt is placed, so its attempt number only grows across restarts and a late
/// report of an older attempt is ignored. (Should the task's silo die between placing an attempt and storing it, the
/// next activation places the same attempt number again; a broker that still runs it keeps the one it has, and either
/// run's report counts: both are the same attempt of the same task.)
/// </remarks>
[PreferLocalPlacement]
public sealed partial class TaskGrain(
    [PersistentState("task")] IPersistentState<TaskState> state,
    NodeDirectory nodes,
    IOptions<PipelineOptions> options,
    TimeProvider timeProvider,
    ILogger<TaskGrain> logger) : Grain, ITaskGrain
{
    private readonly PipelineOptions _options = options.Value;
    private readonly List<JobEvent> _events = [];
    private IGrainTimer? _retry;

    private TaskState S => state.State;

    private TaskDefinition D => S.Definition ?? throw new InvalidOperationException($"Task {GrainId.Key} was never defined by its stage.");

    private long NowMs => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private string Describe => $"Task {D.TaskId} of stage '{D.StageName}'";

    /// <summary>One more activation: reports of this one must rank after every report of the earlier ones, stored or not.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Definition is not null)
        {
            S.Version = ((S.Version >> 32) + 1) << 32;
            await state.WriteStateAsync();
        }
    }

    public async Task RunAsync(TaskDefinition definition, List<StageInput> inputs, bool inputsComplete)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(inputs);
        S.Definition = definition;
        if (S.Stopped || S.Status is PipelineTaskStatus.Running or PipelineTaskStatus.Failed)
        {
            await ReportAsync();
            return;
        }

        if (S.Status == PipelineTaskStatus.Done)
        {
            // The stage lost track (it was restarted): the task stands, so say so again.
            await ReportAsync();
            return;
        }

        S.Inputs = [.. inputs];
        S.InputsComplete = inputsComplete;
        S.Runnable = true;
        if (S.RetryAtMs <= NowMs)
        {
            await DispatchAsync();
        }
        else
        {
            ScheduleRetry();
            await SaveAndReportAsync();
        }
    }

    public async Task AddInputsAsync(List<StageInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var added = new List<StageInput>();
        foreach (var input in inputs)
        {
            var index = S.Inputs.FindIndex(i => i.Id == input.Id);
            if (index >= 0)
            {
                S.Inputs[index] = input;
            }
            else
            {
                S.Inputs.Add(input);
            }

            added.Add(input);
        }

        if (S.Status == PipelineTaskStatus.Running && S.Streaming && added.Count > 0)
        {
            await InputStream().OnNextBatchAsync(added.Select(i => new TaskInputMessage(i)));
        }

        await state.WriteStateAsync();
    }

    public async Task CompleteInputsAsync()
    {
        if (S.InputsComplete)
        {
            return;
        }

        S.InputsComplete = true;
        if (S.Status == PipelineTaskStatus.Running && S.Streaming)
        {
            await InputStream().OnNextAsync(new TaskInputMessage(null, S.Inputs.Count));
        }

        await state.WriteStateAsync();
    }

    public async Task ResendInputsAsync()
    {
        if (S.Status == PipelineTaskStatus.Running && S.Streaming)
        {
            var stream = InputStream();
            await stream.OnNextBatchAsync(S.Inputs.Select(i => new TaskInputMessage(i)));
            if (S.InputsComplete)
            {
                await stream.OnNextAsync(new TaskInputMessage(null, S.Inputs.Count));
            }
        }
    }

    public async Task InvalidateAsync(string kind, string reason, int dropInputsOf = -1)
    {
        if (S.Definition is null || S.Status == PipelineTaskStatus.Failed)
        {
            return;
        }

        await CancelRunningAttemptAsync();
        if (dropInputsOf >= 0)
        {
            var prefix = $"t{dropInputsOf}/";
            S.Inputs.RemoveAll(i => i.Id.StartsWith(prefix, StringComparison.Ordinal));
            S.InputsComplete = false;
        }

        S.Status = PipelineTaskStatus.Waiting;
        S.Outputs = [];
        S.RunningOn = null;
        S.Runnable = false;
        S.Streaming = false;
        _retry?.Dispose();
        AddEvent(kind, $"{Describe} {(kind == "task-recompute" ? "runs again" : "restarts")}: {reason}.");
        await SaveAndReportAsync();
    }

    public async Task NodeLostAsync()
    {
        if (S.Status == PipelineTaskStatus.Running && S.RunningOn is { } node && !nodes.IsLive(node))
        {
            await RetryAsync(node, $"was running on {node}, which died", countsAsFailure: false);
        }
    }

    public async Task StopAsync()
    {
        _retry?.Dispose();
        if (!S.Stopped && S.Definition is not null)
        {
            S.Stopped = true;
            await state.WriteStateAsync();
        }
    }

    public async Task<TaskUpdate> ResumeAsync()
    {
        if (S.Definition is null)
        {
            return Update();
        }

        if (S.Status == PipelineTaskStatus.Running && !S.Stopped && S.RunningOn is { } node)
        {
            var broker = nodes.BrokerOf(node);
            bool running;
            try
            {
                running = broker is not null && await broker.HasTaskAsync(D.JobId, D.TaskId, S.Attempt);
            }
            catch (Exception error)
            {
                LogBrokerUnreachable(logger, error, D.JobId, D.TaskId, node);
                running = false;
            }

            if (!running)
            {
                await RetryAsync(node, $"was running on {node}, which restarted or died", countsAsFailure: false);
            }
        }
        else if (S.Status == PipelineTaskStatus.Waiting && S.Runnable && !S.Stopped)
        {
            ScheduleRetry();
        }

        return Update();
    }

    public async Task StartedAsync(int attempt, string node)
    {
        if (IsCurrent(attempt))
        {
            AddEvent("task-started", $"{Describe} started on {node} (attempt {attempt}).");
            await ReportAsync();
        }
    }

    public async Task SucceededAsync(int attempt, string node, List<OutputRecord> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (S.Definition is not null && attempt == S.Attempt && S.Status == PipelineTaskStatus.Done)
        {
            // A repeated report (the first one's answer was lost): the stage may not have heard it.
            await ReportAsync();
            return;
        }

        if (!IsCurrent(attempt) || S.Stopped)
        {
            return;
        }

        S.Status = PipelineTaskStatus.Done;
        S.RunningOn = node;
        S.Outputs = outputs;
        S.Error = null;
        S.Streaming = false;
        AddEvent("task-done", $"{Describe} finished on {node} with {outputs.Count} outputs ({outputs.Sum(o => o.Size)} bytes).");
        await SaveAndReportAsync();
    }

    public async Task FailedAsync(int attempt, string node, string error, bool fatal, bool inputLost)
    {
        if (!IsCurrent(attempt) || S.Stopped)
        {
            return;
        }

        S.Error = error;
        if (inputLost && !fatal)
        {
            await RetryAsync(node, $"lost an input on {node}: {error}", countsAsFailure: false);
            return;
        }

        if (fatal)
        {
            S.Status = PipelineTaskStatus.Failed;
            S.JobError = $"{Describe} failed fatally: {error}";
            AddEvent("task-fatal", $"{Describe} reported a fatal error on {node}: {error}");
            await SaveAndReportAsync();
            return;
        }

        await RetryAsync(node, $"failed on {node}: {error}", countsAsFailure: true);
    }

    private bool IsCurrent(int attempt) => S.Definition is not null && attempt == S.Attempt && S.Status == PipelineTaskStatus.Running;

    private async Task RetryAsync(string node, string reason, bool countsAsFailure)
    {
        S.Status = PipelineTaskStatus.Waiting;
        S.RunningOn = null;
        S.Streaming = false;
        if (!S.FailedNodes.Contains(node))
        {
            S.FailedNodes.Add(node);
        }

        if (countsAsFailure)
        {
            S.Failures++;
        }

        var limit = D.Stage.Limits.MaxTaskFailures;
        if (S.Failures >= limit)
        {
            S.Status = PipelineTaskStatus.Failed;
            S.JobError = $"{Describe} failed {S.Failures} times (limits.maxTaskFailures = {limit}); last error: {S.Error}";
            AddEvent("task-failed", $"{Describe} {reason}; it failed {S.Failures} times, the limit.");
            await SaveAndReportAsync();
            return;
        }

        var delay = countsAsFailure ? _options.RetryBackoff * Math.Pow(2, Math.Max(0, S.Failures - 1)) : TimeSpan.Zero;
        S.RetryAtMs = NowMs + (long)delay.TotalMilliseconds;
        AddEvent("task-retry", $"{Describe} {reason}; retrying in {delay.TotalMilliseconds:F0} ms.");
        if (delay == TimeSpan.Zero)
        {
            await DispatchAsync();
            return;
        }

        ScheduleRetry();
        await SaveAndReportAsync();
    }

    private void ScheduleRetry()
    {
        _retry?.Dispose();

        // A little later than the backoff, so the retry is found due even if the timer fires a hair early.
        var due = TimeSpan.FromMilliseconds(Math.Max(0, S.RetryAtMs - NowMs) + 5);
        _retry = RegisterGrainTimer(
            async _ =>
            {
                _retry?.Dispose();
                _retry = null;
                if (S.Status == PipelineTaskStatus.Waiting && S.Runnable && !S.Stopped)
                {
                    await DispatchAsync();
                }
            },
            due,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>Places the next attempt, storing its number meanwhile.</summary>
    private async Task DispatchAsync()
    {
        if (S.Inputs.FirstOrDefault(i => !i.Replicas.Any(r => r.Kind != LocationKind.File || nodes.IsLive(r.Node!))) is { } missing)
        {
            // Its producer runs again (or its silo comes back): wait for it rather than fail for want of the input.
            S.RetryAtMs = NowMs + (long)_options.HealthCheckPeriod.TotalMilliseconds;
            ScheduleRetry();
            if (!S.WaitingForInput)
            {
                S.WaitingForInput = true;
                AddEvent("task-waits", $"{Describe} waits: input {missing} is on no live silo.");
                await SaveAndReportAsync();
            }

            return;
        }

        S.WaitingForInput = false;

        // A program runs only where the silo allows programs: elsewhere it would fail fatally and end the job.
        var candidates = D.Stage.Spec.Task.Kind == TaskKind.Program ? await ProgramTaskCheck.NodesAllowingProgramsAsync(nodes) : nodes.LiveNodes();
        var node = TaskPlacement.ChooseNode(D.TaskId, S.Attempt, D.Node, S.Inputs, S.FailedNodes, candidates);
        if (node is null || nodes.BrokerOf(node) is not { } broker)
        {
            AddEvent("no-node", $"{Describe} waits: no live silo can run it.");
            S.RetryAtMs = NowMs + (long)_options.HealthCheckPeriod.TotalMilliseconds;
            ScheduleRetry();
            await SaveAndReportAsync();
            return;
        }

        S.Attempt++;
        S.Status = PipelineTaskStatus.Running;
        S.RunningOn = node;
        S.Error = null;
        S.Streaming = D.Stage.Concurrent && !S.InputsComplete;
        var spec = D.Stage.Spec;
        var assignment = new TaskAssignment(
            D.JobId,
            D.Stage.JobName,
            D.TaskId,
            S.Attempt,
            spec.Name,
            D.Key.Label,
            spec.Task,
            [.. S.Inputs],
            MoreInputsExpected: S.Streaming,
            D.Stage.Limits.TaskTimeout);
        AddEvent("task-dispatched", $"{Describe} goes to {node} (attempt {S.Attempt}, {S.Inputs.Count} inputs).");

        // The attempt is stored while it is placed; both are done before anything else happens to the task.
        var stored = state.WriteStateAsync();
        Exception? notStarted = null;
        try
        {
            // The broker subscribes to the attempt's input stream before it answers, so nothing sent after is missed.
            await broker.StartTaskAsync(assignment);
        }
        catch (Exception error)
        {
            notStarted = error;
        }

        await stored;
        if (notStarted is not null)
        {
            LogDispatchFailed(logger, notStarted, D.JobId, D.TaskId, node);
            S.Error = notStarted.Message;
            await RetryAsync(node, $"could not be started on {node}", countsAsFailure: false);
            return;
        }

        await ReportAsync();
    }

    private async Task CancelRunningAttemptAsync()
    {
        if (S.Status == PipelineTaskStatus.Running && S.RunningOn is { } node && nodes.BrokerOf(node) is { } broker)
        {
            try
            {
                await broker.CancelTaskAsync(D.JobId, D.TaskId, S.Attempt);
            }
            catch (Exception error)
            {
                LogBrokerUnreachable(logger, error, D.JobId, D.TaskId, node);
            }
        }
    }

    private IAsyncStream<TaskInputMessage> InputStream() =>
        this.GetStreamProvider(TaskInputMessage.StreamProvider).GetStream<TaskInputMessage>(
            new StreamId(TaskInputMessage.StreamNamespace, TaskInputMessage.StreamKey(D.JobId, D.TaskId, S.Attempt)));

    private async Task SaveAndReportAsync()
    {
        await state.WriteStateAsync();
        await ReportAsync();
    }

    /// <summary>Tells the stage the task's state now, with what happened since the last report.</summary>
    private async Task ReportAsync()
    {
        S.Version++;
        var update = Update();
        await GrainFactory.GetGrain<IStageGrain>(PipelineKeys.Stage(D.JobId, D.Stage.Index)).TaskChangedAsync(update);

        // Kept until the stage has them: a report that failed carries them with the next one.
        _events.RemoveRange(0, update.Events.Count);
    }

    private TaskUpdate Update() => S.Definition is null
        ? new TaskUpdate(-1, 0, PipelineTaskStatus.Waiting, 0, null, [], null, [])
        : new TaskUpdate(D.TaskId, S.Version, S.Status, S.Attempt, S.RunningOn, [.. S.Outputs], S.Error, [.. _events], S.JobError);

    private void AddEvent(string kind, string message) => _events.Add(new JobEvent(NowMs, kind, message, D.TaskId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: task {TaskId} could not be started on {Node}.")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, string jobId, int taskId, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: the broker of {Node} did not answer about task {TaskId}.")]
    private static partial void LogBrokerUnreachable(ILogger logger, Exception exception, string jobId, int taskId, string node);
}
