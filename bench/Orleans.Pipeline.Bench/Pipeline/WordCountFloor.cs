using System.Diagnostics;

namespace Orleans.Pipeline.Bench.Pipeline;

/// <summary>The floor: a plain single-process, single-thread C# word count over the corpus, no scheduler at all.</summary>
public static class WordCountFloor
{
    public static (Dictionary<string, long> Counts, TimeSpan Elapsed) Run(string corpus)
    {
        var clock = Stopwatch.StartNew();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var file in Directory.GetFiles(corpus, "part-*.txt").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file).AsSpan();
            var start = -1;
            for (var i = 0; i <= text.Length; i++)
            {
                var space = i == text.Length || char.IsWhiteSpace(text[i]);
                if (space && start >= 0)
                {
                    var word = text[start..i];
                    lookup[word] = lookup.TryGetValue(word, out var n) ? n + 1 : 1;
                    start = -1;
                }
                else if (!space && start < 0)
                {
                    start = i;
                }
            }
        }

        return (counts, clock.Elapsed);
    }
}
