using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Jobs;

/// <summary>The list of jobs (one registry, key "jobs"), so clients can list them and silos can resume running ones after a restart.</summary>
public interface IJobRegistryGrain : IGrainWithStringKey
{
    Task AddAsync(JobSummary job);

    Task UpdateAsync(string jobId, JobStatus status);

    [AlwaysInterleave]
    Task<IReadOnlyList<JobSummary>> ListAsync();

    /// <summary>Wakes every job still marked running.</summary>
    Task ResumeRunningAsync();
}
