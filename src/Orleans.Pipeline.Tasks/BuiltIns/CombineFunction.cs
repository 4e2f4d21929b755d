using Orleans.Pipeline.Tasks.IO;

namespace Orleans.Pipeline.Tasks.BuiltIns;

/// <summary>
/// <c>combine</c>: like <c>wordcount_reduce</c>, but sums the <c>key\tcount</c> lines of each input label separately
/// and writes each sum to the output with that label, so the labels of a map's partitions survive (a combiner
/// between a map and a <c>group_label</c> reduce). Outputs are written in label order. Needs all its inputs.
/// </summary>
[TaskFunction(Name, NeedsAllInputs = true)]
public sealed class CombineFunction : ITaskFunction
{
    /// <summary>The function's name: <c>combine</c>.</summary>
    public const string Name = "combine";

    /// <inheritdoc />
    public async Task RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tables = new SortedDictionary<int, WordCountTable>();
        await foreach (var input in context.Inputs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!tables.TryGetValue(input.Label, out var table))
            {
                table = new WordCountTable();
                tables.Add(input.Label, table);
            }

            await CountLines.AddAsync(table, input, Name, cancellationToken).ConfigureAwait(false);
        }

        var writers = new LabeledWriters(context.Outputs);
        await using (writers.ConfigureAwait(false))
        {
            foreach (var (label, table) in tables)
            {
                await CountLines.WriteAsync(table, writers.Get(label), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
