using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Pipeline.Grains.Hosting;
using Orleans.Pipeline.Grains.Scheduling;
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
/// One pipeline job: validates the spec, starts a grain per stage (which makes a grain per task), hands out task ids,
/// checks every moment for dead silos on behalf of its stages, keeps the history, and ends when its last stage is
/// done, a task fails for good, or it is cancelled. Its view and results are gathered from its stages.
/// </summary>
/// <remarks>
/// Reentrant: its stages call it (task ids, progress) while it calls them. The spec, status and task-id counter are
/// written before anything depends on them; progress is written together a moment after it changes.
/// </remarks>
[Reentrant]
public sealed partial class JobGrain(
    [PersistentState("job")] IPersistentState<JobState> state,
    NodeDirectory nodes,
    TaskFunctionCatalog catalog,
    IOptions<PipelineOptions> options,
    TimeProvider timeProvider,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IJobCoordinatorGrain
{
    private const int MaxEvents = 5000;
    private readonly PipelineOptions _options = options.Value;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StateWriter? _writer;
    private IGrainTimer? _health;
    private IGrainTimer? _resume;
    private bool _checking;
    private bool _submitting;

    private JobState S => state.State;

    private StateWriter Writer => _writer ??= new StateWriter(
        state.WriteStateAsync,
        write => RegisterGrainTimer(_ => write(), _options.StateFlushDelay, Timeout.InfiniteTimeSpan));

    private string JobId => GrainId.Key;

    private long NowMs => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private IStageGrain Stage(int index) => GrainFactory.GetGrain<IStageGrain>(PipelineKeys.Stage(JobId, index));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Status == JobStatus.Running && S.Spec is not null)
        {
            // Its silo stopped or died: the stages catch up with their tasks, and the job goes on where it was.
            AddEvent("resumed", "The job resumed after its silo restarted; finished tasks are kept.");
            StartHealthChecks();
            _resume = RegisterGrainTimer(
                async _ =>
                {
                    _resume?.Dispose();
                    await ResumeAsync();
                },
                TimeSpan.Zero,
                Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (S.Spec is not null)
        {
            await Writer.WriteAsync();
        }
    }

    public async Task<JobView> SubmitAsync(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (S.Spec is not null || _submitting)
        {
            throw new InvalidOperationException($"A job with id '{JobId}' was submitted already; choose another id.");
        }

        JobSpecValidator.ThrowIfInvalid(spec, new FunctionCatalogAdapter(catalog));
        _submitting = true;
        try
        {
            await ProgramTaskCheck.ThrowIfInvalidAsync(spec, nodes, () => CheckInputsAsync(spec));
        }
        finally
        {
            _submitting = false;
        }

        S.Spec = spec;
        S.Status = JobStatus.Running;
        S.SubmittedMs = NowMs;
        S.StagesDone = spec.Stages.Select(_ => false).ToList();
        AddEvent("submitted", $"Job '{spec.Name}' submitted with {spec.Inputs.Count} inputs and {spec.Stages.Count} stages.");
        await Writer.WriteAsync();
        await GrainFactory.GetGrain<IJobRegistryGrain>(JobRegistryGrain.Key).AddAsync(new JobSummary(JobId, spec.Name, JobStatus.Running, S.SubmittedMs));
        StartHealthChecks();

        // The last stage first: each stage knows its definition before its producers can report to it.
        var inputs = spec.Inputs.Select((input, i) => new StageInput($"input-{i}", input.Label, input.Locations)).ToList();
        for (var k = spec.Stages.Count - 1; k >= 0; k--)
        {
            await Stage(k).StartAsync(new StageDefinition(JobId, spec.Name, k, spec.Stages.Count, spec.Stages[k], spec.Limits), k == 0 ? inputs : []);
        }

        return await ViewAsync();
    }

    public Task<JobView> GetViewAsync() => ViewAsync();

    public async Task<JobStatus> WaitAsync(TimeSpan timeout)
    {
        if (S.Status == JobStatus.Running)
        {
            await Task.WhenAny(_ended.Task, Task.Delay(timeout, timeProvider));
        }

        return S.Status;
    }

    public async Task<IReadOnlyList<OutputRecord>> GetResultsAsync()
    {
        if (S.Spec is null || S.Purged)
        {
            return [];
        }

        return await Stage(S.Spec.Stages.Count - 1).GetOutputsAsync();
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
        if (S.Status == JobStatus.Running)
        {
            await EndAsync(JobStatus.Cancelled, "The job was cancelled.");
        }
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

        S.Purged = true;
        AddEvent("purged", "The job's outputs were deleted.");
        await Writer.WriteAsync();
    }

    public async Task ResumeAsync()
    {
        if (S.Status != JobStatus.Running || S.Spec is null)
        {
            return;
        }

        for (var k = 0; k < S.Spec.Stages.Count; k++)
        {
            await Stage(k).ResumeAsync();
        }
    }

    public async Task<int> AllocateTaskIdsAsync(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var first = S.NextTaskId;
        S.NextTaskId += count;
        await Writer.WriteAsync();
        return first;
    }

    public async Task StageDoneAsync(int stageIndex, bool done)
    {
        if (S.Status != JobStatus.Running || S.Spec is null || stageIndex < 0 || stageIndex >= S.StagesDone.Count)
        {
            return;
        }

        S.StagesDone[stageIndex] = done;
        Writer.WriteSoon();

        // The last stage is done only when every stage before it is: its producers ended, and theirs before them.
        if (done && stageIndex == S.StagesDone.Count - 1)
        {
            await EndAsync(JobStatus.Succeeded, null);
        }
    }

    public async Task FailAsync(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        await EndAsync(JobStatus.Failed, error);
    }

    /// <summary>
    /// The periodic check, for every stage in order: tasks on dead silos run again elsewhere, and outputs lost with a
    /// silo are recomputed while a later stage may still read them (a stage done before the next one is done).
    /// </summary>
    private async Task CheckHealthAsync()
    {
        if (S.Status != JobStatus.Running || S.Spec is null || _checking)
        {
            return;
        }

        _checking = true;
        try
        {
            var live = nodes.LiveNodes().ToList();
            var last = S.Spec.Stages.Count - 1;
            for (var k = 0; k <= last && S.Status == JobStatus.Running; k++)
            {
                await Stage(k).CheckHealthAsync(live, outputsNeeded: k == last || !S.StagesDone[k + 1]);
            }
        }
        catch (Exception error)
        {
            LogHealthCheckFailed(logger, error, JobId);
        }
        finally
        {
            _checking = false;
        }
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
        await Writer.WriteAsync();
        _ended.TrySetResult();
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

        for (var k = 0; k < S.Spec!.Stages.Count; k++)
        {
            try
            {
                await Stage(k).StopAsync();
            }
            catch (Exception stopError)
            {
                LogCancelFailed(logger, stopError, JobId, PipelineKeys.Stage(JobId, k));
            }
        }

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

    private void AddEvent(string kind, string message)
    {
        S.Events.Add(new JobEvent(NowMs, kind, message));
        if (S.Events.Count > MaxEvents)
        {
            S.Events.RemoveRange(0, S.Events.Count - MaxEvents);
        }
    }

    private void StartHealthChecks()
    {
        _health ??= RegisterGrainTimer(_ => CheckHealthAsync(), _options.HealthCheckPeriod, _options.HealthCheckPeriod);
    }

    /// <summary>The job's view: its own status and history, and each stage's tasks and history, in time order.</summary>
    private async Task<JobView> ViewAsync()
    {
        if (S.Spec is null)
        {
            return new JobView(JobId, "", JobStatus.Unknown, null, [], [], 0, 0);
        }

        var progress = await Task.WhenAll(Enumerable.Range(0, S.Spec.Stages.Count).Select(k => Stage(k).GetProgressAsync()));
        var events = S.Events.Concat(progress.SelectMany(p => p.Events)).OrderBy(e => e.TimeMs).ToList();
        if (events.Count > MaxEvents)
        {
            events.RemoveRange(0, events.Count - MaxEvents);
        }

        var stages = S.Spec.Stages.Select((spec, k) => new StageView(spec.Name, GroupingNames.ToName(spec.Grouping), spec.Concurrent, progress[k].Tasks)).ToList();
        return new JobView(JobId, S.Spec.Name, S.Status, S.Error, stages, events, S.SubmittedMs, S.FinishedMs, S.Purged);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: could not stop its work on {Where}.")]
    private static partial void LogCancelFailed(ILogger logger, Exception exception, string jobId, string where);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: a health check failed; the next one tries again.")]
    private static partial void LogHealthCheckFailed(ILogger logger, Exception exception, string jobId);
}
