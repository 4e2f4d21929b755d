using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Jobs;

/// <summary>
/// One pipeline job (key: the job id): its spec, status, progress and results. Its stages and tasks are grains of
/// their own, which schedule the tasks onto the silos' brokers and recover from failures; the job starts them, keeps
/// its history, checks the cluster's health for them and ends when its last stage is done.
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

    /// <summary>Resumes a job that was running when its silo (or every silo) stopped.</summary>
    Task ResumeAsync();
}
