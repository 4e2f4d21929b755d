using System.Diagnostics;
using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.SiloHost.Sample;

/// <summary>
/// A small word count on grains: 64 chunks of generated text are counted in parallel, partial counts go to 8
/// persistent shard grains by word hash, and the merged result is checked against a direct count.
/// </summary>
public static class SampleWorkload
{
    private const int Chunks = 64;
    private const int Shards = 8;
    private const int LinesPerChunk = 500;

    public static async Task<int> RunAsync(IGrainFactory grains, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(output);
        var run = Guid.NewGuid().ToString("N")[..8];
        var chunks = Enumerable.Range(0, Chunks).Select(GenerateChunk).ToArray();
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(chunks, async (chunk, _) =>
        {
            var partitions = new Dictionary<string, int>[Shards];
            for (var i = 0; i < Shards; i++)
            {
                partitions[i] = [];
            }

            foreach (var word in chunk.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                var partition = partitions[ShardOf(word)];
                partition[word] = partition.GetValueOrDefault(word) + 1;
            }

            await Task.WhenAll(partitions.Select((p, i) => Shard(grains, run, i).AddAsync(p)));
        });

        var merged = new Dictionary<string, int>();
        foreach (var shard in await Task.WhenAll(Enumerable.Range(0, Shards).Select(i => Shard(grains, run, i).GetAsync())))
        {
            foreach (var (word, count) in shard)
            {
                merged[word] = count;
            }
        }

        clock.Stop();
        var expected = chunks.SelectMany(c => c.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .GroupBy(w => w, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var correct = expected.Count == merged.Count && expected.All(e => merged.GetValueOrDefault(e.Key) == e.Value);

        await output.WriteLineAsync($"Counted {merged.Values.Sum():N0} words ({merged.Count} distinct) in {Chunks} chunks on {Shards} persistent shard grains in {clock.Elapsed.TotalMilliseconds:F0} ms.");
        foreach (var (word, count) in merged.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Take(5))
        {
            await output.WriteLineAsync($"  {word,-12} {count,8:N0}");
        }

        await output.WriteLineAsync(correct ? "Result matches a direct count." : "Result DIFFERS from a direct count.");
        return correct ? 0 : 1;
    }

    private static IWordShardGrain Shard(IGrainFactory grains, string run, int index) =>
        grains.GetGrain<IWordShardGrain>($"{run}/{index}");

    private static int ShardOf(string word) => (int)((uint)StringComparer.Ordinal.GetHashCode(word) % Shards);

    private static readonly string[] s_vocabulary =
        "the of and to in is that it was for on are as with his they at be this from have or by one had not but what all were when we there can an your which their said if do will each about how up out them then she many some so these would other into has more her two like him see time could no make than first been its who now people my made over did down only way find use may water long little very after words called just where most know".Split(' ');

    private static string GenerateChunk(int index)
    {
        var random = new Random(index);
        var words = new List<string>(LinesPerChunk * 10);
        for (var i = 0; i < LinesPerChunk * 10; i++)
        {
            // Skewed choice: frequent words come first in the vocabulary, as in real text.
            var rank = (int)(s_vocabulary.Length * Math.Pow(random.NextDouble(), 2.5));
            words.Add(s_vocabulary[rank]);
        }

        return string.Join(' ', words);
    }
}
