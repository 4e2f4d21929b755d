using System.Text;
using Orleans.Pipeline.Tasks.BuiltIns;
using Orleans.Pipeline.Tasks.Tests.Support;

namespace Orleans.Pipeline.Tasks.Tests.BuiltIns;

public class SortFunctionTests
{
    [Fact]
    public async Task RunAsync_SmallInputs_SortsLinesByTheirBytesIntoLabelZero()
    {
        var (outputs, recorded) = await TaskRunner.RunAsync(
            new SortFunction(),
            [TaskRunner.Text(3, "pear\napple\nÉclair\nbanana"), TaskRunner.Text(1, "apple\n\nZebra\nzebra\n")]);

        // 'Z' < 'a' < 'z' < 'É' (0xC3 0x89 in UTF-8); the empty line sorts first; every line ends in \n.
        Assert.Equal("\nZebra\napple\napple\nbanana\npear\nzebra\nÉclair\n", outputs.GetText(0));
        Assert.Equal([0], recorded.Select(o => o.Label));
    }

    [Fact]
    public async Task RunAsync_NoInput_WritesAnEmptyLabelZero()
    {
        var (outputs, recorded) = await TaskRunner.RunAsync(new SortFunction(), []);

        Assert.Equal(string.Empty, outputs.GetText(0));
        Assert.Equal(new TaskOutput(0, 0, "memory:0"), Assert.Single(recorded));
    }

    [Fact]
    public async Task RunAsync_InputLargerThanMemoryBudget_MergesSpilledRunsIntoSortedOutput()
    {
        var random = new Random(5);
        var lines = Enumerable.Range(0, 30_000)
            .Select(i => $"{random.Next(1_000_000):D7}-{new string((char)('a' + (i % 26)), random.Next(0, 20))}")
            .Append(new string('q', 10_000)) // longer than the whole budget: a run of its own
            .Append(string.Empty)
            .ToList();
        var halves = new[] { lines.Take(15_000), lines.Skip(15_000) }
            .Select((part, i) => TaskRunner.Text(i, string.Join("\n", part) + "\n"))
            .ToArray();
        var logger = new RecordingLogger();
        using var work = new ScratchDirectory();

        var (outputs, _) = await TaskRunner.RunAsync(
            new SortFunction(), halves, TaskRunner.Parameters(("memory", "4K")), logger: logger, workingDirectory: work.Path);

        var expected = lines.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, TaskRunner.Lines(outputs.GetText(0)));
        var spill = Assert.Single(logger.Messages, m => m.Contains("sorted runs", StringComparison.Ordinal));
        var runs = int.Parse(spill.Split("merging ")[1].Split(' ')[0]);
        Assert.True(runs > SortFunction.MaxFanIn, $"expected more than {SortFunction.MaxFanIn} runs (a multi-pass merge), got {runs}");
        Assert.Empty(Directory.GetFileSystemEntries(work.Path));
    }

    [Fact]
    public async Task RunAsync_BudgetBelowMinimum_ThrowsFatal()
    {
        var error = await Assert.ThrowsAsync<TaskFatalException>(() => TaskRunner.RunAsync(
            new SortFunction(), [TaskRunner.Text(0, "b\na\n")], TaskRunner.Parameters(("memory", "100"))));

        Assert.Contains("'memory'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NonAsciiLines_OrdersByCodePoint()
    {
        // U+FF21 (EF BC A1) sorts before U+1F600 (F0 9F 98 80) by code point, though not by UTF-16 code unit.
        var (outputs, _) = await TaskRunner.RunAsync(new SortFunction(), [TaskRunner.Text(0, "😀\nＡ\nz\n")]);

        Assert.Equal(Encoding.UTF8.GetBytes("z\nＡ\n😀\n"), outputs.GetBytes(0));
    }
}
