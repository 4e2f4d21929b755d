using Orleans.Pipeline.Tasks.BuiltIns;
using Orleans.Pipeline.Tasks.Tests.Support;

namespace Orleans.Pipeline.Tasks.Tests.BuiltIns;

public class CatFunctionTests
{
    [Fact]
    public async Task RunAsync_SeveralInputs_ConcatenatesThemInInputOrderIntoLabelZero()
    {
        var (outputs, recorded) = await TaskRunner.RunAsync(
            new CatFunction(),
            [TaskRunner.Text(4, "one\n"), TaskRunner.Text(1, "two"), TaskRunner.Text(4, "three\n")]);

        Assert.Equal("one\ntwothree\n", outputs.GetText(0));
        Assert.Equal([0], recorded.Select(o => o.Label));
    }

    [Fact]
    public async Task RunAsync_NoInput_WritesAnEmptyLabelZero()
    {
        var (_, recorded) = await TaskRunner.RunAsync(new CatFunction(), []);

        Assert.Equal(new TaskOutput(0, 0, "memory:0"), Assert.Single(recorded));
    }
}
