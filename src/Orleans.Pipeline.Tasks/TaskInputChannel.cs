using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Orleans.Pipeline.Tasks;

/// <summary>
/// Inputs that arrive while the task runs (a <c>concurrent</c> stage): the scheduler calls <see cref="Add"/> as
/// producers finish and <see cref="Complete"/> when every producer of the previous stage has ended.
/// </summary>
/// <remarks>
/// Any number of threads may add; the task is the single reader, so <see cref="ReadAllAsync"/> may be called once.
/// </remarks>
public sealed class TaskInputChannel : ITaskInputs
{
    private readonly Channel<TaskInput> _channel =
        Channel.CreateUnbounded<TaskInput>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private int _readers;

    /// <summary>Delivers <paramref name="input"/> to the task.</summary>
    /// <exception cref="InvalidOperationException">The channel was already completed.</exception>
    public void Add(TaskInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!_channel.Writer.TryWrite(input))
        {
            throw new InvalidOperationException($"Cannot add {input}: the task's inputs were already completed.");
        }
    }

    /// <summary>Signals "no more input": the task's enumeration completes after the inputs already added.</summary>
    /// <returns>False when the channel was already completed.</returns>
    public bool Complete() => _channel.Writer.TryComplete();

    /// <summary>
    /// Ends the inputs with an error: the task's enumeration throws <paramref name="error"/> after the inputs already
    /// added (for example a <see cref="TaskErrorException"/> when an input was lost and the task must restart).
    /// </summary>
    /// <returns>False when the channel was already completed.</returns>
    public bool Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return _channel.Writer.TryComplete(error);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The inputs are already being read.</exception>
    public IAsyncEnumerable<TaskInput> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _readers, 1) != 0)
        {
            throw new InvalidOperationException("A task reads its input channel once; it is already being read.");
        }

        return ReadCoreAsync(cancellationToken);
    }

    private async IAsyncEnumerable<TaskInput> ReadCoreAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var input))
            {
                yield return input;
            }
        }
    }
}
