using System.Buffers.Text;
using Orleans.Pipeline.Tasks.IO;

namespace Orleans.Pipeline.Tasks.BuiltIns;

/// <summary>Reads and writes <c>key\tcount</c> lines, the format of word counts between map and reduce.</summary>
internal static class CountLines
{
    /// <summary>Adds every <c>key\tcount</c> line of <paramref name="input"/> to <paramref name="table"/>.</summary>
    /// <exception cref="TaskFatalException">A line is not <c>key\tcount</c>.</exception>
    public static async Task AddAsync(WordCountTable table, TaskInput input, string functionName, CancellationToken cancellationToken)
    {
        var stream = await input.OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new LineReader(stream);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false))
            {
                Add(table, reader.Line, input, reader.LineNumber, functionName);
            }
        }
    }

    /// <summary>Writes every entry of <paramref name="table"/> as <c>key\tcount\n</c>, in first-seen order.</summary>
    public static async Task WriteAsync(WordCountTable table, BufferedOutput output, CancellationToken cancellationToken)
    {
        for (var entry = 0; entry < table.Count; entry++)
        {
            output.Write(table.GetKey(entry));
            output.WriteByte((byte)'\t');
            output.WriteInt64(table.GetCount(entry));
            output.WriteByte((byte)'\n');
            await output.FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Add(WordCountTable table, ReadOnlySpan<byte> line, TaskInput input, long lineNumber, string functionName)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (line.IsEmpty)
        {
            return;
        }

        var tab = line.LastIndexOf((byte)'\t');
        if (tab >= 0
            && Utf8Parser.TryParse(line[(tab + 1)..], out long count, out var consumed)
            && consumed == line.Length - tab - 1)
        {
            var key = line[..tab];
            table.Add(key, Fnv1a.Hash(key), count);
            return;
        }

        throw new TaskFatalException(
            $"{functionName}: line {lineNumber} of {input} is not 'key<TAB>count': '{System.Text.Encoding.UTF8.GetString(line[..Math.Min(line.Length, 200)])}'.");
    }
}
