using Orleans.Pipeline.Tasks.Tests.Support;

namespace Orleans.Pipeline.Tasks.Tests;

public class TaskContextTests
{
    [Theory]
    [InlineData("65536", 65536L)]
    [InlineData("64K", 65536L)]
    [InlineData("3m", 3L << 20)]
    [InlineData(" 2G ", 2L << 30)]
    public void GetSizeParameter_Size_ReturnsBytes(string text, long expected)
    {
        var context = Context(("memory", text));

        Assert.Equal(expected, context.GetSizeParameter("memory", 1));
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("-5")]
    [InlineData("5T")]
    [InlineData("99999999999G")]
    public void GetSizeParameter_NotASize_ThrowsFatalNamingStageAndParameter(string text)
    {
        var error = Assert.Throws<TaskFatalException>(() => Context(("memory", text)).GetSizeParameter("memory", 1));

        Assert.Contains("Stage 'stage': parameter 'memory'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetParameters_NotSet_ReturnTheDefaults()
    {
        var context = Context();

        Assert.Equal(3, context.GetInt32Parameter("partitions", 3));
        Assert.Equal(10L, context.GetSizeParameter("memory", 10));
        Assert.Equal("x", context.GetParameter("mode", "x"));
        Assert.Equal("job-1", new TaskContext { JobId = "job-1", StageName = "s", WorkingDirectory = ".", Inputs = new TaskInputList(), Outputs = new MemoryTaskOutputs() }.JobName);
    }

    private static TaskContext Context(params (string Name, string Value)[] parameters) =>
        TaskRunner.Context(new TaskInputList(), new MemoryTaskOutputs(), ".", TaskRunner.Parameters(parameters));
}
