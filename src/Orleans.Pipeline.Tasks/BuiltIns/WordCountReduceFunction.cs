using Orleans.Pipeline.Tasks.IO;

namespace Orleans.Pipeline.Tasks.BuiltIns;

/// <summary>
/// <c>wordcount_reduce</c>: sums the <c>word\tcount</c> lines of all inputs and writes one <c>word\tcount\n</c> line per
/// distinct word, in first-seen order, to the output labeled with the task's group label. Needs all its inputs.
/// </summary>
/// <remarks>A line that is not <c>key&lt;TAB&gt;integer</c> is a fatal error naming the input and line.</remarks>
[TaskFunction(Name, NeedsAllInputs = true)]
public sealed class WordCountReduceFunction : ITaskFunction
{
    /// <summary>The function's name: <c>wordcount_reduce</c>.</summary>
    public const string Name = "wordcount_reduce";

    /// <inheritdoc />
    public async Task RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var table = new WordCountTable();
        await foreach (var input in context.Inputs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await CountLines.AddAsync(table, input, Name, cancellationToken).ConfigureAwait(false);
        }

        var stream = context.Outputs.OpenWrite(context.GroupLabel);
        await using (stream.ConfigureAwait(false))
        {
            var output = new BufferedOutput(stream);
            await using (output.ConfigureAwait(false))
            {
                await CountLines.WriteAsync(table, output, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
