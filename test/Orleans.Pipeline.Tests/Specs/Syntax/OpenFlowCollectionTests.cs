using Orleans.Pipeline.Specs.Syntax;

namespace Orleans.Pipeline.Tests.Specs.Syntax;

public sealed class OpenFlowCollectionTests
{
    [Theory]
    [InlineData("a: [b, c\nd: e", "[b")]
    [InlineData("a: [b, {c: d\ne: f", "{c")]
    [InlineData("a: [b, {c: d}\ne: f", "[b")]
    [InlineData("- [x\n- y", "[x")]
    [InlineData("a: &anchor [b\nc: d", "[b")]
    [InlineData("a: !!seq [b\nc: d", "[b")]
    [InlineData("path: /data/a[1].txt\nb: {c: d\ne: f", "{c")] // a bracket inside a plain scalar opens nothing
    [InlineData("a: \"[not\" # nor [this\nb: [c, ']' ,\nd: e", "[c")] // nor in quotes or comments
    [InlineData("a: ['it''s', \"q\\\"]\", b\nc: d", "['it")] // escaped quotes
    public void Find_BracketLeftOpen_GivesItsIndex(string text, string opening)
    {
        Assert.Equal(text.IndexOf(opening, StringComparison.Ordinal), OpenFlowCollection.Find(text, text.Length));
    }

    [Theory]
    [InlineData("a: [b, c]\nd: {e: f}\n")]
    [InlineData("a: b[c]{d\n")]
    [InlineData("a: 'x [y'\nb: \"{\"\n")]
    [InlineData("# [ not open\na: b\n")]
    public void Find_NothingLeftOpen_GivesMinusOne(string text)
    {
        Assert.Equal(-1, OpenFlowCollection.Find(text, text.Length));
    }

    [Fact]
    public void Find_StopsAtTheEndGiven()
    {
        const string text = "a: [b, c]\n";

        Assert.Equal(3, OpenFlowCollection.Find(text, 5));
    }

    [Theory]
    [InlineData("[", 0, 1, 1)]
    [InlineData("a: [b\n  c: {d\n", 11, 2, 6)]
    [InlineData("\n\n[", 2, 3, 1)]
    public void Position_Index_GivesOneBasedLineAndColumn(string text, int index, int line, int column)
    {
        Assert.Equal((line, column), OpenFlowCollection.Position(text, index));
    }
}
