using Orleans.Pipeline.Client.Output;

namespace Orleans.Pipeline.Client.Tests.Output;

public sealed class TextTableTests
{
    [Fact]
    public void Write_MixedWidths_PadsEachColumnToItsWidestCellAndAlignsNumbersRight()
    {
        var table = new TextTable("name", ">count");
        table.Add("a", "12345");
        table.Add("longer", "7");
        using var writer = new StringWriter();

        table.Write(writer, "  ");

        Assert.Equal(["  name    count", "  a       12345", "  longer      7", ""], writer.ToString().Split(Environment.NewLine));
    }

    [Fact]
    public void Add_WrongNumberOfCells_Throws()
    {
        var table = new TextTable("a", "b");

        var error = Assert.Throws<ArgumentException>(() => table.Add("only one"));

        Assert.Contains("2 columns", error.Message);
        Assert.Equal(0, table.Count);
    }
}
