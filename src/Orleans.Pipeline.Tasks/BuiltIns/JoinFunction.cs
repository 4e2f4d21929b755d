using System.Text;

namespace Orleans.Pipeline.Tasks.BuiltIns;

/// <summary>
/// <c>join</c>: an inner join of the lines of inputs labeled 0 (left) with those labeled 1 (right) on their first
/// field. A line's key is its text before the first separator (the whole line when there is none) and its rest the
/// text after it. For every left line, in input order, and every right line with the same key, in input order, it
/// writes <c>key SEP leftRest SEP rightRest\n</c> to the output labeled 0. Needs all its inputs.
/// </summary>
/// <remarks>
/// Parameter <c>separator</c>: the field separator. Default a tab. The right side is held in memory. An input with
/// another label is a fatal error.
/// </remarks>
[TaskFunction(Name, NeedsAllInputs = true)]
public sealed class JoinFunction : ITaskFunction
{
    /// <summary>The function's name: <c>join</c>.</summary>
    public const string Name = "join";

    /// <summary>The parameter giving the key separator: <c>separator</c> (default a tab).</summary>
    public const string SeparatorParameter = "separator";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <inheritdoc />
    public async Task RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var separator = context.GetParameter(SeparatorParameter, "\t");
        if (separator.Length == 0)
        {
            throw new TaskFatalException($"Stage '{context.StageName}': parameter '{SeparatorParameter}' must not be empty.");
        }

        var left = new List<TaskInput>();
        var right = new List<TaskInput>();
        await foreach (var input in context.Inputs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (input.Label)
            {
                case 0:
                    left.Add(input);
                    break;
                case 1:
                    right.Add(input);
                    break;
                default:
                    throw new TaskFatalException($"{Name} takes inputs labeled 0 (left) and 1 (right); {input} has label {input.Label}.");
            }
        }

        var rightByKey = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var input in right)
        {
            await foreach (var line in ReadLinesAsync(input, cancellationToken).ConfigureAwait(false))
            {
                var (key, rest) = Split(line, separator);
                if (!rightByKey.TryGetValue(key, out var rests))
                {
                    rests = [];
                    rightByKey.Add(key, rests);
                }

                rests.Add(rest);
            }
        }

        var stream = context.Outputs.OpenWrite(0);
        await using (stream.ConfigureAwait(false))
        {
            var writer = new StreamWriter(stream, Utf8NoBom, bufferSize: 1 << 16) { NewLine = "\n" };
            await using (writer.ConfigureAwait(false))
            {
                foreach (var input in left)
                {
                    await foreach (var line in ReadLinesAsync(input, cancellationToken).ConfigureAwait(false))
                    {
                        var (key, leftRest) = Split(line, separator);
                        if (!rightByKey.TryGetValue(key, out var rests))
                        {
                            continue;
                        }

                        foreach (var rightRest in rests)
                        {
                            await writer.WriteLineAsync($"{key}{separator}{leftRest}{separator}{rightRest}".AsMemory(), cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
            }
        }
    }

    private static (string Key, string Remainder) Split(string line, string separator)
    {
        var at = line.IndexOf(separator, StringComparison.Ordinal);
        return at < 0 ? (line, string.Empty) : (line[..at], line[(at + separator.Length)..]);
    }

    private static async IAsyncEnumerable<string> ReadLinesAsync(TaskInput input, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = await input.OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, Utf8NoBom, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                yield return line;
            }
        }
    }
}
