using System.Buffers;
using Orleans.Pipeline.Tasks.IO;

namespace Orleans.Pipeline.Tasks.BuiltIns;

/// <summary>
/// <c>byte_histogram</c>: counts each byte value over all inputs and writes 256 lines <c>byte\tcount\n</c> (byte from
/// 0 to 255 in decimal, zero counts included) to the output labeled with the task's group label.
/// </summary>
[TaskFunction(Name)]
public sealed class ByteHistogramFunction : ITaskFunction
{
    /// <summary>The function's name: <c>byte_histogram</c>.</summary>
    public const string Name = "byte_histogram";

    /// <inheritdoc />
    public async Task RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Four tables, summed at the end, so consecutive equal bytes do not wait on each other's increments.
        var counts = new long[4 * 256];
        var buffer = ArrayPool<byte>.Shared.Rent(Buffers.ReadChunkSize);
        try
        {
            await foreach (var input in context.Inputs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var stream = await input.OpenReadAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    int read;
                    while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        Count(counts, buffer.AsSpan(0, read));
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var target = context.Outputs.OpenWrite(context.GroupLabel);
        await using (target.ConfigureAwait(false))
        {
            var output = new BufferedOutput(target);
            await using (output.ConfigureAwait(false))
            {
                for (var b = 0; b < 256; b++)
                {
                    output.WriteInt64(b);
                    output.WriteByte((byte)'\t');
                    output.WriteInt64(counts[b] + counts[256 + b] + counts[512 + b] + counts[768 + b]);
                    output.WriteByte((byte)'\n');
                }
            }
        }
    }

    private static void Count(long[] counts, ReadOnlySpan<byte> data)
    {
        var i = 0;
        for (; i + 4 <= data.Length; i += 4)
        {
            counts[data[i]]++;
            counts[256 + data[i + 1]]++;
            counts[512 + data[i + 2]]++;
            counts[768 + data[i + 3]]++;
        }

        for (; i < data.Length; i++)
        {
            counts[data[i]]++;
        }
    }
}
