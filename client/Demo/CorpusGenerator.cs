using System.Text;

namespace Orleans.Pipeline.Client.Demo;

/// <summary>
/// Writes a deterministic text corpus: lines of pronounceable made-up words drawn from a fixed vocabulary with a
/// Zipf-like distribution (the word of rank r appears about 1/r^1.1 as often as the most common), like real text.
/// The same seed and size give the same files, byte for byte.
/// </summary>
internal static class CorpusGenerator
{
    /// <summary>How many distinct words the vocabulary has: 20,000.</summary>
    public const int VocabularySize = 20_000;

    private const double ZipfExponent = 1.1;
    private static readonly string[] Onsets = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "ch", "st", "tr", "sh", "pl", "gr"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "y"];
    private static readonly string[] Codas = ["", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck"];

    /// <summary>Writes about <paramref name="totalBytes"/> bytes of text into <paramref name="files"/> files in <paramref name="directory"/>.</summary>
    public static Corpus Generate(string directory, long totalBytes, int files, int seed = 20_240_601)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(files, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalBytes, 1);
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        var vocabulary = CreateVocabulary(random);
        var cumulative = new double[vocabulary.Length];
        var sum = 0.0;
        for (var rank = 0; rank < vocabulary.Length; rank++)
        {
            sum += 1.0 / Math.Pow(rank + 1, ZipfExponent);
            cumulative[rank] = sum;
        }

        var counts = new long[vocabulary.Length];
        var paths = new List<string>(files);
        long words = 0;
        long bytes = 0;
        var perFile = Math.Max(1, totalBytes / files);
        var line = new StringBuilder(128);
        for (var f = 0; f < files; f++)
        {
            var path = Path.Combine(directory, $"part-{f:D3}.txt");
            paths.Add(path);
            using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
            long written = 0;
            while (written < perFile)
            {
                line.Clear();
                var wordsOnLine = 8 + random.Next(8);
                for (var w = 0; w < wordsOnLine; w++)
                {
                    var rank = Array.BinarySearch(cumulative, random.NextDouble() * sum);
                    rank = rank < 0 ? Math.Min(~rank, vocabulary.Length - 1) : rank;
                    counts[rank]++;
                    if (w > 0)
                    {
                        line.Append(' ');
                    }

                    line.Append(vocabulary[rank]);
                }

                line.Append('\n');
                writer.Write(line);
                written += line.Length;
                words += wordsOnLine;
            }

            bytes += written;
        }

        var byWord = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var rank = 0; rank < vocabulary.Length; rank++)
        {
            if (counts[rank] > 0)
            {
                byWord[vocabulary[rank]] = counts[rank];
            }
        }

        return new Corpus(paths, byWord, words, bytes);
    }

    /// <summary>Distinct lower-case ASCII words of one to three syllables, shortest-ish first so common words are short, as in real text.</summary>
    private static string[] CreateVocabulary(Random random)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<string>(VocabularySize);
        var word = new StringBuilder();
        while (ordered.Count < VocabularySize)
        {
            word.Clear();
            var syllables = ordered.Count < 200 ? 1 : ordered.Count < 4000 ? 1 + random.Next(2) : 2 + random.Next(2);
            for (var s = 0; s < syllables; s++)
            {
                word.Append(Onsets[random.Next(Onsets.Length)]).Append(Vowels[random.Next(Vowels.Length)]);
            }

            word.Append(Codas[random.Next(Codas.Length)]);
            var text = word.ToString();
            if (words.Add(text))
            {
                ordered.Add(text);
            }
        }

        return [.. ordered];
    }
}
