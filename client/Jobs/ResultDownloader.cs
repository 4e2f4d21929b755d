using System.Globalization;
using Orleans.Pipeline.Jobs;

namespace Orleans.Pipeline.Client.Jobs;

/// <summary>Downloads a job's results through the cluster, a chunk at a time, so a result never has to fit in memory.</summary>
internal static class ResultDownloader
{
    /// <summary>Bytes asked for per call: 1 MiB.</summary>
    public const int ChunkSize = 1 << 20;

    /// <summary>The file a result is saved as: <c>result-&lt;index&gt;-label-&lt;label&gt;</c>.</summary>
    public static string FileName(int index, OutputRecord result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Create(CultureInfo.InvariantCulture, $"result-{index}-label-{result.Label}");
    }

    /// <summary>Copies result <paramref name="index"/> into <paramref name="destination"/>; returns the number of bytes.</summary>
    public static async Task<long> CopyAsync(IJobGrain job, int index, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(destination);
        long offset = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = await job.ReadResultAsync(index, offset, ChunkSize).ConfigureAwait(false);
            if (chunk.Length == 0)
            {
                return offset;
            }

            await destination.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            offset += chunk.Length;
        }
    }

    /// <summary>Saves every result into <paramref name="directory"/> (created if needed); returns each file with its size.</summary>
    public static async Task<IReadOnlyList<(string Path, long Bytes)>> SaveAllAsync(IJobGrain job, IReadOnlyList<OutputRecord> results, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        Directory.CreateDirectory(directory);
        var saved = new List<(string, long)>();
        for (var i = 0; i < results.Count; i++)
        {
            var path = Path.Combine(directory, FileName(i, results[i]));
            long bytes;
            var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                bytes = await CopyAsync(job, i, file, cancellationToken).ConfigureAwait(false);
            }

            if (bytes != results[i].Size)
            {
                throw new CommandException(ExitCodes.Error, $"Result {i} was {results[i].Size} bytes when recorded but {bytes} bytes were read; it may be being recomputed. Try again.");
            }

            saved.Add((path, bytes));
        }

        return saved;
    }
}
