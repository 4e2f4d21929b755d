using Orleans.Pipeline.Grains.Scheduling;
using Orleans.Pipeline.Groupings;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Grains;

/// <summary>
/// One task of a pipeline job (key <c>{job}/{task id}</c>): its inputs, state, attempts and outputs. It places each
/// attempt on a broker, retries failed attempts with backoff up to the job's limit, and reports every change to its
/// stage. Its stage decides when it runs and when it must start over.
/// </summary>
public interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>Runs the task with these inputs (for a concurrent stage, more may follow). A finished task only reports itself again.</summary>
    Task RunAsync(TaskDefinition definition, List<StageInput> inputs, bool inputsComplete);

    /// <summary>More inputs for a task of a concurrent stage; a running attempt receives them through its input stream.</summary>
    Task AddInputsAsync(List<StageInput> inputs);

    /// <summary>Every producer of the stage ended: no more inputs will come.</summary>
    Task CompleteInputsAsync();

    /// <summary>Stops the running attempt (if any), forgets the outputs, and waits for the stage to run it again.</summary>
    /// <param name="kind">The history entry: <c>task-restart</c> (it consumed outputs being recomputed) or <c>task-recompute</c> (its outputs were lost).</param>
    /// <param name="reason">Why, for the history.</param>
    /// <param name="dropInputsOf">For a concurrent stage: the producer whose outputs leave the inputs (they come again when it finishes).</param>
    Task InvalidateAsync(string kind, string reason, int dropInputsOf = -1);

    /// <summary>The silo running the current attempt died (or restarted): runs it again elsewhere, not counted as a failure.</summary>
    Task NodeLostAsync();

    /// <summary>Sends a running attempt every input again (a silo died and may have held its input stream); the broker drops repeats.</summary>
    Task ResendInputsAsync();

    /// <summary>The job ended: no more attempts.</summary>
    Task StopAsync();

    /// <summary>The task's state now. A running attempt the broker no longer has (its silo restarted) is started again.</summary>
    Task<TaskUpdate> ResumeAsync();

    /// <summary>A broker reports that an attempt started.</summary>
    Task StartedAsync(int attempt, string node);

    /// <summary>A broker reports a finished attempt.</summary>
    Task SucceededAsync(int attempt, string node, List<OutputRecord> outputs);

    /// <summary>
    /// A broker reports a failed attempt: fatal, the job ends with the message; an input lost with its silo, the
    /// attempt does not count as a failure and the task waits for the input to be made again.
    /// </summary>
    Task FailedAsync(int attempt, string node, string error, bool fatal, bool inputLost);
}
