using Orleans.Pipeline.Grains.Scheduling;
using Orleans.Pipeline.Groupings;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Grains;

/// <summary>
/// One stage of a pipeline job (key <c>{job}/{stage index}</c>): its known inputs, the producers still running, and
/// its tasks. It groups its inputs into tasks once its producers ended (or feeds a concurrent stage's tasks as they
/// finish), tells the next stage about its own tasks, restarts the tasks that consumed outputs being recomputed, and
/// recomputes outputs lost with a silo. Reports are recorded at once; the decisions they lead to are taken one at a
/// time in the stage's own scheduling pass, so no caller waits on them.
/// </summary>
public interface IStageGrain : IGrainWithStringKey
{
    /// <summary>The job starts: the stage learns its definition; the first stage gets the job's inputs.</summary>
    Task StartAsync(StageDefinition definition, List<StageInput> inputs);

    /// <summary>The previous stage has these tasks (<paramref name="final"/>: and no others).</summary>
    Task ProducersAsync(List<int> taskIds, bool final);

    /// <summary>A producer finished with these outputs.</summary>
    Task ProducerDoneAsync(int taskId, List<OutputRecord> outputs);

    /// <summary>A producer's outputs are being recomputed: the tasks that consumed them start over.</summary>
    Task ProducerInvalidatedAsync(int taskId, string reason);

    /// <summary>The next stage needs a producer's outputs again (they were lost): the producer runs again.</summary>
    Task RecomputeAsync(int taskId, string reason);

    /// <summary>A task of this stage changed.</summary>
    Task TaskChangedAsync(TaskUpdate update);

    /// <summary>
    /// The job's periodic check: tasks running on dead silos run again elsewhere; finished tasks whose outputs were
    /// lost and are still needed (<paramref name="outputsNeeded"/>) run again, and their consumers start over.
    /// </summary>
    Task CheckHealthAsync(List<string> liveNodes, bool outputsNeeded);

    /// <summary>Brings the stage up to date with its tasks and its producers after a restart, and goes on.</summary>
    Task ResumeAsync();

    /// <summary>The next stage restarted: tell it every task of this stage and its outputs again.</summary>
    Task AnnounceAsync();

    /// <summary>The job ended: no more tasks start.</summary>
    Task StopAsync();

    Task<StageProgress> GetProgressAsync();

    /// <summary>The outputs of the stage's tasks (for the last stage: the job's results), ordered by label, then task.</summary>
    Task<List<OutputRecord>> GetOutputsAsync();
}
