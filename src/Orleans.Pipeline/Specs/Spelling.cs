namespace Orleans.Pipeline.Specs;

/// <summary>Finds the known name a misspelled one most likely meant, for "did you mean" hints.</summary>
internal static class Spelling
{
    /// <summary>
    /// The name closest to <paramref name="written"/> by edit distance (ignoring case), if it is close enough to be
    /// a typo: at most 2 edits, and fewer than half the length of the written name. Ties go to the first in
    /// ordinal order, so the hint is the same every time.
    /// </summary>
    public static string? Closest(string written, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var limit = Math.Min(2, (written.Length - 1) / 2);
        foreach (var candidate in candidates.Order(StringComparer.Ordinal))
        {
            var distance = Distance(written.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance <= limit && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>Levenshtein distance with adjacent transpositions counted as one edit.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1][];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i] = new int[b.Length + 1];
            d[i][0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0][j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i][j] = Math.Min(Math.Min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i][j] = Math.Min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }

        return d[a.Length][b.Length];
    }
}
