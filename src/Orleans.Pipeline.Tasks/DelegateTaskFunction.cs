namespace Orleans.Pipeline.Tasks;

/// <summary>A task function given as a delegate (see <see cref="TaskFunctionCatalog.Register(string, Func{TaskContext, CancellationToken, Task}, bool)"/>).</summary>
internal sealed class DelegateTaskFunction(Func<TaskContext, CancellationToken, Task> run) : ITaskFunction
{
    public Task RunAsync(TaskContext context, CancellationToken cancellationToken) => run(context, cancellationToken);
}
