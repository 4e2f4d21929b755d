using System.Text;
using Orleans.Pipeline.Tasks.IO;

namespace Orleans.Pipeline.Tasks.Tests.IO;

public class LineReaderTests
{
    [Theory]
    [InlineData("")]
    [InlineData("one")]
    [InlineData("one\n")]
    [InlineData("\n\nthree\r\nfour")]
    public async Task ReadLineAsync_Text_YieldsEveryLineWithoutItsNewline(string text)
    {
        var lines = await ReadAllAsync(text, bufferSize: 16);

        var expected = text.Length == 0 ? [] : (text.EndsWith('\n') ? text[..^1] : text).Split('\n');
        Assert.Equal(expected, lines);
    }

    [Fact]
    public async Task ReadLineAsync_LinesLongerThanTheBuffer_GrowsAndKeepsThemWhole()
    {
        var random = new Random(3);
        var lines = Enumerable.Range(0, 200).Select(i => new string((char)('a' + (i % 26)), random.Next(0, 200))).ToArray();

        var read = await ReadAllAsync(string.Join("\n", lines) + "\n", bufferSize: 16);

        Assert.Equal(lines, read);
    }

    private static async Task<List<string>> ReadAllAsync(string text, int bufferSize)
    {
        using var reader = new LineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), bufferSize);
        var lines = new List<string>();
        while (await reader.ReadLineAsync(CancellationToken.None))
        {
            lines.Add(Encoding.UTF8.GetString(reader.Line));
            Assert.Equal(lines.Count, reader.LineNumber);
        }

        return lines;
    }
}
