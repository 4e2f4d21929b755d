using System.Runtime.CompilerServices;

namespace Orleans.Pipeline.Tasks;

/// <summary>A fixed set of inputs, all known before the task starts (a stage that is not <c>concurrent</c>).</summary>
public sealed class TaskInputList : ITaskInputs
{
    private readonly TaskInput[] _inputs;

    /// <summary>Creates the set from <paramref name="inputs"/>, yielded in that order.</summary>
    public TaskInputList(IEnumerable<TaskInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        _inputs = [.. inputs];
    }

    /// <summary>Creates the set from <paramref name="inputs"/>, yielded in that order.</summary>
    public TaskInputList(params TaskInput[] inputs)
        : this((IEnumerable<TaskInput>)inputs)
    {
    }

    /// <summary>The inputs.</summary>
    public IReadOnlyList<TaskInput> Inputs => _inputs;

    /// <inheritdoc />
    /// <remarks>May be enumerated any number of times.</remarks>
    public async IAsyncEnumerable<TaskInput> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var input in _inputs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return input;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
