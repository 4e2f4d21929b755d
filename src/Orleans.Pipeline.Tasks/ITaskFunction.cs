namespace Orleans.Pipeline.Tasks;

/// <summary>
/// The code of a pipeline task: reads the task's inputs from <see cref="TaskContext.Inputs"/> and writes labeled outputs
/// to <see cref="TaskContext.Outputs"/>.
/// </summary>
/// <remarks>
/// A function's metadata (its name and whether it needs all its inputs before it starts) is declared with
/// <see cref="TaskFunctionAttribute"/> on the implementing class and read through <see cref="TaskFunctionCatalog"/>.
/// <para>Failure semantics: returning normally means success; throwing <see cref="TaskFatalException"/> ends the job
/// with its message; any other exception (<see cref="TaskErrorException"/> by convention) is a retryable error; an
/// <see cref="OperationCanceledException"/> for <c>cancellationToken</c> means the scheduler stopped the task.
/// <see cref="TaskFailure.Classify"/> applies these rules.</para>
/// <para>One instance may run several tasks at once: keep per-task state in locals, not in fields.</para>
/// </remarks>
public interface ITaskFunction
{
    /// <summary>Runs one attempt of a task.</summary>
    /// <param name="context">The task's description, inputs and output sink.</param>
    /// <param name="cancellationToken">Signalled when the scheduler cancels the task (job cancelled, task restarted).</param>
    Task RunAsync(TaskContext context, CancellationToken cancellationToken);
}
