using System.Text;
using Orleans.Pipeline.Client.Demo;

namespace Orleans.Pipeline.Client.Tests.Demo;

public sealed class WordCountsTests
{
    [Fact]
    public void Add_ReduceOutput_ReadsEveryLine()
    {
        var counts = new Dictionary<string, long>();

        WordCounts.Add(counts, Encoding.UTF8.GetBytes("cat\t3\ndog\t12\n"));

        Assert.Equal(new Dictionary<string, long> { ["cat"] = 3, ["dog"] = 12 }, counts);
    }

    [Fact]
    public void Add_WordInTwoResults_ThrowsNamingIt()
    {
        var counts = new Dictionary<string, long> { ["cat"] = 1 };

        var error = Assert.Throws<FormatException>(() => WordCounts.Add(counts, Encoding.UTF8.GetBytes("cat\t2\n")));

        Assert.Contains("'cat' appears in two results", error.Message);
    }

    [Fact]
    public void Differences_MissingExtraAndWrong_ListsEach()
    {
        var expected = new Dictionary<string, long> { ["a"] = 1, ["b"] = 2 };
        var actual = new Dictionary<string, long> { ["b"] = 3, ["c"] = 1 };

        var differences = WordCounts.Differences(expected, actual);

        Assert.Equal(["'a' is missing (expected 1)", "'b' counted 3, expected 2", "'c' is not in the corpus"], differences);
    }
}
