using System.Globalization;
using System.Text;
using Orleans.Pipeline.Tasks.IO;

namespace Orleans.Pipeline.Tasks.BuiltIns;

/// <summary>
/// <c>sum</c>: adds the decimal numbers of all inputs, one per line (invariant culture: <c>-12.5</c>, <c>3e2</c>; blank
/// lines are skipped), exactly (as <see cref="decimal"/>), and writes the total as one line to the output labeled with
/// the task's group label. A line that is not a number is a fatal error naming the input and line.
/// </summary>
[TaskFunction(Name)]
public sealed class SumFunction : ITaskFunction
{
    /// <summary>The function's name: <c>sum</c>.</summary>
    public const string Name = "sum";

    /// <inheritdoc />
    public async Task RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var total = 0m;
        await foreach (var input in context.Inputs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var stream = await input.OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var reader = new LineReader(stream);
                while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false))
                {
                    total = Add(total, reader.Line, input, reader.LineNumber);
                }
            }
        }

        var output = context.Outputs.OpenWrite(context.GroupLabel);
        await using (output.ConfigureAwait(false))
        {
            var bytes = Encoding.UTF8.GetBytes(total.ToString(CultureInfo.InvariantCulture) + "\n");
            await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
    }

    private static decimal Add(decimal total, ReadOnlySpan<byte> line, TaskInput input, long lineNumber)
    {
        line = line.Trim(" \t\r"u8);
        if (line.IsEmpty)
        {
            return total;
        }

        if (!decimal.TryParse(line, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new TaskFatalException($"{Name}: line {lineNumber} of {input} is not a decimal number: '{Encoding.UTF8.GetString(line[..Math.Min(line.Length, 200)])}'.");
        }

        try
        {
            return total + value;
        }
        catch (OverflowException e)
        {
            throw new TaskFatalException($"{Name}: the total overflows at line {lineNumber} of {input} (the largest total is about 7.9e28).", e);
        }
    }
}
