using Orleans.Pipeline.Tasks.BuiltIns;
using Orleans.Pipeline.Tasks.Tests.Support;

namespace Orleans.Pipeline.Tasks.Tests.BuiltIns;

public class JoinFunctionTests
{
    [Fact]
    public async Task RunAsync_TwoLabeledSets_JoinsEveryLeftLineWithEveryMatchingRightLine()
    {
        var (outputs, recorded) = await TaskRunner.RunAsync(
            new JoinFunction(),
            [
                TaskRunner.Text(1, "k1\tR1\nk2\tR2\n"),
                TaskRunner.Text(0, "k1\tL1\nk2\tL2\n"),
                TaskRunner.Text(0, "k1\tL3\nk9\tL9\nk2"),
                TaskRunner.Text(1, "k1\tR3\nk8\tR8\n"),
            ]);

        Assert.Equal(
            ["k1\tL1\tR1", "k1\tL1\tR3", "k2\tL2\tR2", "k1\tL3\tR1", "k1\tL3\tR3", "k2\t\tR2"],
            TaskRunner.Lines(outputs.GetText(0)));
        Assert.Equal([0], recorded.Select(o => o.Label));
    }

    [Fact]
    public async Task RunAsync_CustomSeparator_SplitsOnItsFirstOccurrence()
    {
        var (outputs, _) = await TaskRunner.RunAsync(
            new JoinFunction(),
            [TaskRunner.Text(0, "id7,Ada,London\n"), TaskRunner.Text(1, "id7,42\nid8,1\n")],
            TaskRunner.Parameters(("separator", ",")));

        Assert.Equal("id7,Ada,London,42\n", outputs.GetText(0));
    }

    [Fact]
    public async Task RunAsync_InputWithThirdLabel_ThrowsFatalNamingTheLabel()
    {
        var error = await Assert.ThrowsAsync<TaskFatalException>(() => TaskRunner.RunAsync(
            new JoinFunction(), [TaskRunner.Text(0, "a\tb"), TaskRunner.Text(2, "a\tc")]));

        Assert.Contains("label 2", error.Message, StringComparison.Ordinal);
    }
}
