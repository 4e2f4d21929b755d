namespace Orleans.Pipeline.Tasks;

/// <summary>
/// The inputs of a task, yielded as they become available. The sequence completes when the scheduler signals that no
/// more input will come; for a <c>concurrent</c> stage inputs keep arriving while the task runs.
/// </summary>
/// <remarks>
/// Input order is not significant to the scheduler (a restarted task may see its inputs in another order), but an
/// implementation yields each input once. Implementations: <see cref="TaskInputList"/> (a fixed set) and
/// <see cref="TaskInputChannel"/> (a set that grows while the task runs).
/// </remarks>
public interface ITaskInputs
{
    /// <summary>
    /// Yields every input, waiting for inputs that have not arrived yet, and completes after the last one. A task
    /// enumerates its inputs once.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for further inputs.</param>
    IAsyncEnumerable<TaskInput> ReadAllAsync(CancellationToken cancellationToken = default);
}
