using Orleans.Pipeline.Tasks.BuiltIns;
using Orleans.Pipeline.Tasks.Tests.Support;

namespace Orleans.Pipeline.Tasks.Tests.BuiltIns;

public class IdentityFunctionTests
{
    [Fact]
    public async Task RunAsync_InputsWithLabels_CopiesEachToItsLabelAppendingInOrder()
    {
        var (outputs, recorded) = await TaskRunner.RunAsync(
            new IdentityFunction(),
            [TaskRunner.Text(2, "x\n"), TaskRunner.Text(0, "y"), TaskRunner.Text(2, "z")]);

        Assert.Equal("y", outputs.GetText(0));
        Assert.Equal("x\nz", outputs.GetText(2));
        Assert.Equal([(0, 1L), (2, 3L)], recorded.Select(o => (o.Label, o.Size)));
    }
}
