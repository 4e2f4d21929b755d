using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Jobs;

/// <summary>
/// One pipeline job (key: the job id). Holds the spec, the state of every stage and task, the history and the
/// results; persists them; schedules tasks onto the silos' brokers and recovers from failures.
/// </summary>
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates and starts the job. A rejected spec throws <see cref="SpecValidationException"/> listing every
    /// problem and creates nothing. Submitting the same id twice is an error.
    /// </summary>
    Task<JobView> SubmitAsync(JobSpec spec);

    [AlwaysInterleave]
    Task<JobView> GetViewAsync();

    /// <summary>Waits until the job ends or <paramref name="timeout"/> passes; returns its status then (cheap: no view is built).</summary>
    [AlwaysInterleave]
    Task<JobStatus> WaitAsync(TimeSpan timeout);

    /// <summary>Stops the job's queued and running tasks cluster-wide; the job ends Cancelled.</summary>
    Task CancelAsync();

    /// <summary>The outputs of the last stage (the job's results), ordered by label then task; empty once purged (<see cref="JobView.Purged"/>).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<OutputRecord>> GetResultsAsync();

    /// <summary>
    /// A chunk of result <paramref name="resultIndex"/> (an index into <see cref="GetResultsAsync"/>): up to
    /// <paramref name="count"/> bytes from <paramref name="offset"/>, read from the silo that holds it; empty at the end.
    /// </summary>
    [AlwaysInterleave]
    Task<byte[]> ReadResultAsync(int resultIndex, long offset, int count);

    /// <summary>
    /// Deletes the outputs of every stage of an ended job on every live silo; the job's view says
    /// <see cref="JobView.Purged"/> from then on. A running job (whose tasks read those outputs) or an unknown id is
    /// refused with an <see cref="InvalidOperationException"/> and nothing is deleted.
    /// </summary>
    Task PurgeAsync();

    /// <summary>A broker reports a finished attempt.</summary>
    Task TaskSucceededAsync(int taskId, int attempt, string node, List<OutputRecord> outputs);

    /// <summary>A broker reports a failed attempt (fatal: the job ends with the message).</summary>
    Task TaskFailedAsync(int taskId, int attempt, string node, string error, bool fatal);

    /// <summary>A broker reports that a task of a concurrent stage started, so later inputs can be sent to it.</summary>
    Task TaskStartedAsync(int taskId, int attempt, string node);

    /// <summary>Resumes a job that was running when its silo (or every silo) stopped.</summary>
    Task ResumeAsync();
}
