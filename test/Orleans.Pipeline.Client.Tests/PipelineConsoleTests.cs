using Orleans.Pipeline.Client.Tests.Support;

namespace Orleans.Pipeline.Client.Tests;

public sealed class PipelineConsoleTests
{
    [Fact]
    public async Task Run_NoCommand_ExitsTwoWithUsageHint()
    {
        var run = await ConsoleRunner.RunAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("pipeline --help", run.Error);
    }

    [Fact]
    public async Task Run_UnknownOption_ExitsTwoNamingIt()
    {
        var run = await ConsoleRunner.RunAsync("jobs", "--gatewey", "x");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--gatewey", run.Error);
    }

    [Fact]
    public async Task Run_Help_ListsEveryCommandAndExitsZero()
    {
        var run = await ConsoleRunner.RunAsync("--help");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var command in new[] { "demo", "submit", "status", "cancel", "results", "purge", "jobs", "cluster" })
        {
            Assert.Contains($"  {command} ", run.Output);
        }

        Assert.Contains("3 cluster unreachable", run.Output);
    }

    [Fact]
    public async Task Run_DemoOutOfRange_ExitsTwo()
    {
        var run = await ConsoleRunner.RunAsync("demo", "--size-mb", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--size-mb 0 is out of range", run.Error);
    }
}
