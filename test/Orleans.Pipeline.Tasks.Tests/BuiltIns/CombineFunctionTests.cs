using Orleans.Pipeline.Tasks.BuiltIns;
using Orleans.Pipeline.Tasks.Tests.Support;

namespace Orleans.Pipeline.Tasks.Tests.BuiltIns;

public class CombineFunctionTests
{
    [Fact]
    public async Task RunAsync_InputsWithSeveralLabels_SumsEachLabelIntoItsOwnOutput()
    {
        var (outputs, recorded) = await TaskRunner.RunAsync(
            new CombineFunction(),
            [TaskRunner.Text(2, "x\t3\n"), TaskRunner.Text(0, "a\t1\nb\t2"), TaskRunner.Text(0, "a\t4\n")]);

        Assert.Equal("a\t5\nb\t2\n", outputs.GetText(0));
        Assert.Equal("x\t3\n", outputs.GetText(2));
        Assert.Equal([0, 2], recorded.Select(o => o.Label));
    }
}
