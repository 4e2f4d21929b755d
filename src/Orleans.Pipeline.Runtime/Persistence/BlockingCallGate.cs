namespace Orleans.Pipeline.Runtime.Persistence;

/// <summary>
/// Runs calls into a provider that blocks its thread (SQLite's async methods are synchronous) on the thread pool, at
/// most <c>concurrency</c> at a time. Callers beyond that wait without holding a thread, so a burst of a thousand
/// writes cannot starve the pool that probes, timers and grain turns also need.
/// </summary>
public sealed class BlockingCallGate(int concurrency)
{
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);

    /// <summary>A gate sized to the machine: one blocked thread per core.</summary>
    public static BlockingCallGate ForProcessors() => new(Math.Max(2, Environment.ProcessorCount));

    public async Task<TResult> RunAsync<TResult>(Func<Task<TResult>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(operation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public async Task RunAsync(Func<Task> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Run(operation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }
}
