using System.Text;
using Orleans.Pipeline.Tasks.BuiltIns;
using Orleans.Pipeline.Tasks.Tests.Support;

namespace Orleans.Pipeline.Tasks.Tests.BuiltIns;

public class WordCountMapFunctionTests
{
    [Fact]
    public async Task RunAsync_OnePartition_WritesCountsInFirstSeenOrderToLabelZero()
    {
        var (outputs, recorded) = await TaskRunner.RunAsync(new WordCountMapFunction(), [TaskRunner.Text(0, "b a b\nc  a\tb\r\n")]);

        Assert.Equal("b\t3\na\t2\nc\t1\n", outputs.GetText(0));
        var output = Assert.Single(recorded);
        Assert.Equal(new TaskOutput(0, 12, "memory:0"), output);
    }

    [Fact]
    public async Task RunAsync_SeveralInputs_CountsThemTogether()
    {
        var (outputs, _) = await TaskRunner.RunAsync(
            new WordCountMapFunction(),
            [TaskRunner.Text(0, "x y"), TaskRunner.Text(3, "y z\n"), TaskRunner.Text(0, "")]);

        Assert.Equal("x\t1\ny\t2\nz\t1\n", outputs.GetText(0));
    }

    [Fact]
    public async Task RunAsync_EightPartitions_PlacesWordsByFnv1aOfTheirUtf8Bytes()
    {
        // FNV-1a("hello") = 0x4f9f2cab, so "hello" is in partition 0x4f9f2cab % 8 = 3 on every run and every machine.
        Assert.Equal(0x4f9f2cabu, TaskRunner.Fnv1a("hello"));
        var (outputs, _) = await TaskRunner.RunAsync(
            new WordCountMapFunction(),
            [TaskRunner.Text(0, "hello hello café")],
            TaskRunner.Parameters(("partitions", "8")));

        Assert.Equal("hello\t2\n", outputs.GetText(3));
        var cafe = (int)(TaskRunner.Fnv1a("café") % 8);
        Assert.Equal("café\t1\n", outputs.GetText(cafe));
        Assert.Equal(new[] { 3, cafe }.Order(), outputs.Labels);
    }

    [Fact]
    public async Task RunAsync_LargeInputInThreePartitions_MatchesReferenceCountAndPartitioning()
    {
        var text = GenerateText(seed: 42, bytes: 3_000_000);
        var reference = TaskRunner.ReferenceCounts(text);

        var (outputs, recorded) = await TaskRunner.RunAsync(
            new WordCountMapFunction(),
            [TaskRunner.Text(0, text)],
            TaskRunner.Parameters(("partitions", "3")));

        var counted = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var label in outputs.Labels)
        {
            Assert.InRange(label, 0, 2);
            foreach (var line in TaskRunner.Lines(outputs.GetText(label)))
            {
                var fields = line.Split('\t');
                Assert.Equal(label, (int)(TaskRunner.Fnv1a(fields[0]) % 3));
                counted.Add(fields[0], long.Parse(fields[1]));
            }
        }

        Assert.Equal(reference.OrderBy(p => p.Key, StringComparer.Ordinal), counted.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(3, recorded.Count);
    }

    [Fact]
    public async Task RunAsync_SameInputTwice_WritesIdenticalOutputs()
    {
        var text = GenerateText(seed: 7, bytes: 200_000);
        var parameters = TaskRunner.Parameters(("partitions", "5"));

        var (first, _) = await TaskRunner.RunAsync(new WordCountMapFunction(), [TaskRunner.Text(0, text)], parameters);
        var (second, _) = await TaskRunner.RunAsync(new WordCountMapFunction(), [TaskRunner.Text(0, text)], parameters);

        Assert.Equal(first.Labels, second.Labels);
        foreach (var label in first.Labels)
        {
            Assert.Equal(first.GetBytes(label), second.GetBytes(label));
        }
    }

    [Fact]
    public async Task RunAsync_WordLongerThanReadBuffer_CountsItOnce()
    {
        var giant = new string('w', 3 << 20);
        var (outputs, _) = await TaskRunner.RunAsync(new WordCountMapFunction(), [TaskRunner.Text(0, $"a {giant} a")]);

        Assert.Equal($"a\t2\n{giant}\t1\n", outputs.GetText(0));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("many")]
    public async Task RunAsync_InvalidPartitions_ThrowsFatalNamingTheParameter(string partitions)
    {
        var error = await Assert.ThrowsAsync<TaskFatalException>(() => TaskRunner.RunAsync(
            new WordCountMapFunction(), [TaskRunner.Text(0, "a")], TaskRunner.Parameters(("partitions", partitions))));

        Assert.Contains("'partitions'", error.Message, StringComparison.Ordinal);
        Assert.Contains(partitions, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Text of words from a fixed vocabulary (ASCII and a few non-ASCII words) with mixed whitespace.</summary>
    internal static string GenerateText(int seed, int bytes)
    {
        var random = new Random(seed);
        var vocabulary = Enumerable.Range(0, 2000)
            .Select(_ => new string(Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)('a' + random.Next(26))).ToArray()))
            .Concat(["café", "naïve", "Ölfaß", "日本語"])
            .ToArray();
        string[] separators = [" ", " ", " ", "\n", "\t", "  ", "\r\n"];
        var text = new StringBuilder(bytes + 32);
        while (text.Length < bytes)
        {
            text.Append(vocabulary[random.Next(vocabulary.Length)]).Append(separators[random.Next(separators.Length)]);
        }

        return text.ToString();
    }
}
