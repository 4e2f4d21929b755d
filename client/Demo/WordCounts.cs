using System.Globalization;
using System.Text;

namespace Orleans.Pipeline.Client.Demo;

/// <summary>Reads <c>word\tcount</c> lines, the output of <c>wordcount_reduce</c>, into one table.</summary>
internal static class WordCounts
{
    /// <summary>Adds the lines of <paramref name="content"/> to <paramref name="counts"/>; a word seen twice (in two partitions) is an error in the result.</summary>
    public static void Add(Dictionary<string, long> counts, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(counts);
        foreach (var line in Encoding.UTF8.GetString(content).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.LastIndexOf('\t');
            if (tab <= 0 || !long.TryParse(line.AsSpan(tab + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new FormatException($"'{line}' is not a 'word<TAB>count' line.");
            }

            if (!counts.TryAdd(line[..tab], count))
            {
                throw new FormatException($"The word '{line[..tab]}' appears in two results: partitions must not overlap.");
            }
        }
    }

    /// <summary>The differences between two counts, at most <paramref name="limit"/>: words missing, extra, or counted differently.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, long> expected, IReadOnlyDictionary<string, long> actual, int limit = 5)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var differences = new List<string>();
        foreach (var (word, count) in expected.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!actual.TryGetValue(word, out var got))
            {
                differences.Add($"'{word}' is missing (expected {count})");
            }
            else if (got != count)
            {
                differences.Add($"'{word}' counted {got}, expected {count}");
            }
        }

        differences.AddRange(actual.Keys.Where(w => !expected.ContainsKey(w)).Order(StringComparer.Ordinal).Select(w => $"'{w}' is not in the corpus"));
        return differences.Take(limit).ToList();
    }
}
