using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Tests.Specs;

public sealed class SpellingTests
{
    private static readonly string[] Names = ["wordcount_map", "wordcount_reduce", "sort", "sum", "cat"];

    [Theory]
    [InlineData("wordcount_mpa", "wordcount_map")]
    [InlineData("wordcount_reduc", "wordcount_reduce")]
    [InlineData("WordCount_Map", "wordcount_map")]
    [InlineData("srot", "sort")]
    public void Closest_Typo_GivesTheIntendedName(string written, string expected)
    {
        Assert.Equal(expected, Spelling.Closest(written, Names));
    }

    [Theory]
    [InlineData("wordcnt")]
    [InlineData("histogram")]
    [InlineData("x")]
    public void Closest_NothingClose_GivesNull(string written)
    {
        Assert.Null(Spelling.Closest(written, Names));
    }

    [Fact]
    public void Closest_TieBetweenNames_GivesTheFirstInOrdinalOrder()
    {
        Assert.Equal("cat", Spelling.Closest("sat", ["sum", "cat", "sit"]));
    }

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ab", "ba", 1)]
    public void Distance_Pairs_CountEdits(string a, string b, int expected)
    {
        Assert.Equal(expected, Spelling.Distance(a, b));
        Assert.Equal(expected, Spelling.Distance(b, a));
    }
}
