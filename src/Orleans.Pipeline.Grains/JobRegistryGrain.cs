using Orleans.Pipeline.Grains.State;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Grains;

/// <summary>The cluster's list of jobs, persisted, so clients can list them and a restarted cluster resumes the running ones.</summary>
public sealed class JobRegistryGrain([PersistentState("registry")] IPersistentState<RegistryState> state) : Grain, IJobRegistryGrain
{
    /// <summary>The registry's key: there is one.</summary>
    public const string Key = "jobs";

    public async Task AddAsync(JobSummary job)
    {
        ArgumentNullException.ThrowIfNull(job);
        state.State.Jobs.RemoveAll(j => j.JobId == job.JobId);
        state.State.Jobs.Add(job);
        await state.WriteStateAsync();
    }

    public async Task UpdateAsync(string jobId, JobStatus status)
    {
        var index = state.State.Jobs.FindIndex(j => j.JobId == jobId);
        if (index >= 0)
        {
            state.State.Jobs[index] = state.State.Jobs[index] with { Status = status };
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<JobSummary>> ListAsync() =>
        Task.FromResult<IReadOnlyList<JobSummary>>(state.State.Jobs.OrderBy(j => j.SubmittedMs).ToList());

    public async Task ResumeRunningAsync()
    {
        foreach (var job in state.State.Jobs.Where(j => j.Status == JobStatus.Running).ToList())
        {
            await GrainFactory.GetGrain<IJobGrain>(job.JobId).ResumeAsync();
        }
    }
}
