using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Jobs;

/// <summary>
/// One per silo (silo-pinned: the key is the silo's address). Owns the silo's executor slots, runs the tasks placed
/// on it (queuing them when every slot is busy), keeps their outputs in the silo's data directory and serves them to
/// other silos. Pipeline jobs and DAG jobs share the brokers.
/// </summary>
public interface IBrokerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Queues an attempt; returns once it is queued. The outcome is reported to the task's grain. When the attempt
    /// expects more inputs (a concurrent stage), the broker has subscribed to its input stream before it returns.
    /// </summary>
    Task StartTaskAsync(TaskAssignment assignment);

    /// <summary>Whether this broker holds that attempt, queued or running (after a silo restart it does not).</summary>
    Task<bool> HasTaskAsync(string jobId, int taskId, int attempt);

    /// <summary>Stops (or dequeues) one attempt.</summary>
    Task CancelTaskAsync(string jobId, int taskId, int attempt);

    /// <summary>Stops every queued and running task of the job and frees their slots.</summary>
    Task CancelJobAsync(string jobId);

    /// <summary>
    /// A chunk of an output this silo holds (up to <paramref name="count"/> bytes from <paramref name="offset"/>; empty
    /// at the end). <paramref name="path"/> is an output's location, which may name a range of a file, or a file's path;
    /// a missing file fails with a <see cref="FileNotFoundException"/> naming it and this silo.
    /// </summary>
    Task<byte[]> ReadOutputAsync(string path, long offset, int count);

    /// <summary>
    /// Several small outputs this silo holds, each whole, in one call: the locations are read in order while their
    /// sizes add up to at most <paramref name="maxBytes"/>. An output larger than <paramref name="maxBytes"/> is never
    /// read whole: it is answered "read it in chunks" (with <see cref="ReadOutputAsync"/>), and so is one that cannot
    /// be read. See <see cref="OutputBatch"/> for the answer.
    /// </summary>
    Task<OutputBatch> ReadOutputsAsync(List<string> locations, int maxBytes);

    /// <summary>Deletes the job's outputs on this silo.</summary>
    Task DeleteJobAsync(string jobId);

    Task<BrokerStatus> GetStatusAsync();
}
