using Orleans.Pipeline.Client.Demo;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Client.Tests.Demo;

public sealed class CorpusGeneratorTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new("corpus-test");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Generate_Files_CountsEqualTheWordsInTheFiles()
    {
        var corpus = CorpusGenerator.Generate(_directory.GetPath("a"), 200_000, 3);

        var counted = corpus.Files
            .SelectMany(f => File.ReadAllText(f).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
            .GroupBy(w => w, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        Assert.Equal(3, corpus.Files.Count);
        Assert.Equal(counted.OrderBy(c => c.Key, StringComparer.Ordinal), corpus.Counts.OrderBy(c => c.Key, StringComparer.Ordinal));
        Assert.Equal(counted.Values.Sum(), corpus.Words);
        Assert.Equal(corpus.Files.Sum(f => new FileInfo(f).Length), corpus.Bytes);
        Assert.InRange(corpus.Bytes, 200_000, 200_000 + (3 * 200));
    }

    [Fact]
    public void Generate_SameSeed_SameBytes()
    {
        var first = CorpusGenerator.Generate(_directory.GetPath("a"), 50_000, 2);
        var second = CorpusGenerator.Generate(_directory.GetPath("b"), 50_000, 2);

        Assert.Equal(first.Files.Select(File.ReadAllBytes), second.Files.Select(File.ReadAllBytes));
    }

    [Fact]
    public void Generate_Distribution_IsZipfLikeWithFewWordsCoveringMostText()
    {
        var corpus = CorpusGenerator.Generate(_directory.GetPath("a"), 1_000_000, 1);

        var ranked = corpus.Counts.Values.OrderDescending().ToArray();
        // With exponent 1.1, the most common word is about twice as frequent as the second and ten times the tenth.
        Assert.InRange((double)ranked[0] / ranked[1], 1.8, 2.5);
        Assert.InRange((double)ranked[0] / ranked[9], 9, 16);
        Assert.True(ranked.Take(100).Sum() > corpus.Words / 2, "the 100 most common words are most of the text");
    }
}
