using Orleans.Pipeline.Tasks.BuiltIns;
using Orleans.Pipeline.Tasks.Tests.Support;

namespace Orleans.Pipeline.Tasks.Tests.BuiltIns;

public class SumFunctionTests
{
    [Fact]
    public async Task RunAsync_DecimalLines_WritesTheExactTotalAsOneLine()
    {
        var (outputs, recorded) = await TaskRunner.RunAsync(
            new SumFunction(),
            [TaskRunner.Text(0, "1\n2.5\n\n -0.5 \r\n"), TaskRunner.Text(0, "1e2\n0.1\n0.2")],
            groupLabel: 4);

        // Decimal arithmetic: 0.1 + 0.2 is exactly 0.3.
        Assert.Equal("103.3\n", outputs.GetText(4));
        Assert.Equal([4], recorded.Select(o => o.Label));
    }

    [Fact]
    public async Task RunAsync_NoNumbers_WritesZero()
    {
        var (outputs, _) = await TaskRunner.RunAsync(new SumFunction(), [TaskRunner.Text(0, "\n\n")]);

        Assert.Equal("0\n", outputs.GetText(0));
    }

    [Fact]
    public async Task RunAsync_LineThatIsNotANumber_ThrowsFatalNamingTheLine()
    {
        var error = await Assert.ThrowsAsync<TaskFatalException>(() => TaskRunner.RunAsync(
            new SumFunction(), [TaskRunner.Text(0, "1\ntwo\n", name: "numbers")]));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("'two'", error.Message, StringComparison.Ordinal);
        Assert.Contains("memory:numbers", error.Message, StringComparison.Ordinal);
    }
}
