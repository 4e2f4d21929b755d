using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Grains;

/// <summary>The job grain as its stages see it (same grain as <see cref="Jobs.IJobGrain"/>, key: the job id).</summary>
public interface IJobCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Hands out <paramref name="count"/> task ids, counting up through the job; returns the first. Stored before it returns.</summary>
    Task<int> AllocateTaskIdsAsync(int count);

    /// <summary>A stage is done (all its tasks finished after its producers ended), or is not any more (some run again).</summary>
    Task StageDoneAsync(int stageIndex, bool done);

    /// <summary>A task ended the job (a fatal error, or its failure limit): the job fails with <paramref name="error"/>.</summary>
    Task FailAsync(string error);
}
