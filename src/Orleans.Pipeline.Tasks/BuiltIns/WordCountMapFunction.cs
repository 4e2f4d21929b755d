using System.Buffers;
using System.Runtime.CompilerServices;
using Orleans.Pipeline.Tasks.IO;

namespace Orleans.Pipeline.Tasks.BuiltIns;

/// <summary>
/// <c>wordcount_map</c>: counts the words of all inputs (split on ASCII whitespace: space, tab, <c>\n</c>, <c>\v</c>,
/// <c>\f</c>, <c>\r</c>; words compared as UTF-8 bytes) and writes <c>word\tcount\n</c> lines, each word to the output
/// labeled <c>FNV-1a(UTF-8 bytes of word) mod partitions</c> (32-bit FNV-1a, so partitions are stable across runs and
/// machines). Lines appear in the order words were first seen; a partition with no words gets no output.
/// </summary>
/// <remarks>Parameter <c>partitions</c>: the number of output labels, at least 1. Default 1.</remarks>
[TaskFunction(Name)]
public sealed class WordCountMapFunction : ITaskFunction
{
    /// <summary>The function's name: <c>wordcount_map</c>.</summary>
    public const string Name = "wordcount_map";

    /// <summary>The parameter naming the number of partitions: <c>partitions</c> (default 1).</summary>
    public const string PartitionsParameter = "partitions";

    // Bits 9..13 (\t \n \v \f \r) and 32 (space).
    private const ulong WhitespaceMask = (1UL << 9) | (1UL << 10) | (1UL << 11) | (1UL << 12) | (1UL << 13) | (1UL << 32);

    /// <inheritdoc />
    public async Task RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var partitions = context.GetInt32Parameter(PartitionsParameter, 1);
        if (partitions < 1)
        {
            throw new TaskFatalException($"Stage '{context.StageName}': parameter '{PartitionsParameter}' must be at least 1, got {partitions}.");
        }

        var table = new WordCountTable();
        await foreach (var input in context.Inputs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await CountAsync(table, input, cancellationToken).ConfigureAwait(false);
        }

        var writers = new LabeledWriters(context.Outputs);
        await using (writers.ConfigureAwait(false))
        {
            var divisor = (uint)partitions;
            for (var entry = 0; entry < table.Count; entry++)
            {
                var output = writers.Get((int)(table.GetHash(entry) % divisor));
                output.Write(table.GetKey(entry));
                output.WriteByte((byte)'\t');
                output.WriteInt64(table.GetCount(entry));
                output.WriteByte((byte)'\n');
                await output.FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Counts the words of one input into <paramref name="table"/>, reading it in large pooled chunks.</summary>
    internal static async Task CountAsync(WordCountTable table, TaskInput input, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Buffers.ReadChunkSize);
        try
        {
            var stream = await input.OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var carry = 0;
                while (true)
                {
                    if (carry == buffer.Length)
                    {
                        // One word longer than the buffer: grow rather than split it.
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, carry).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(carry), cancellationToken).ConfigureAwait(false);
                    var end = carry + read;
                    var consumed = CountWords(table, buffer.AsSpan(0, end), final: read == 0);
                    carry = end - consumed;
                    buffer.AsSpan(consumed, carry).CopyTo(buffer);
                    if (read == 0)
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Counts the words of <paramref name="data"/>, hashing each while scanning it. Returns how many bytes were consumed:
    /// all of them, except a word touching the end of a chunk that is not <paramref name="final"/>, which the caller
    /// carries over to the next chunk.
    /// </summary>
    internal static int CountWords(WordCountTable table, ReadOnlySpan<byte> data, bool final)
    {
        var i = 0;
        var n = data.Length;
        while (true)
        {
            while (i < n && IsWhitespace(data[i]))
            {
                i++;
            }

            if (i == n)
            {
                return n;
            }

            var start = i;
            var hash = Fnv1a.OffsetBasis;
            do
            {
                hash = (hash ^ data[i]) * Fnv1a.Prime;
                i++;
            }
            while (i < n && !IsWhitespace(data[i]));

            if (i == n && !final)
            {
                return start;
            }

            table.Add(data[start..i], hash, 1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWhitespace(byte b) => b <= 32 && ((1UL << b) & WhitespaceMask) != 0;
}
