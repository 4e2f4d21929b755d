using Orleans.Pipeline.TestKit;
using Orleans.Pipeline.TestKit.Processes;

namespace Orleans.Pipeline.Client.Tests.Commands;

/// <summary>The demo as a newcomer runs it: the built client in its own process, nothing set up.</summary>
[Trait("Category", "Process")]
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_TwoMegabytes_ExitsZeroAndPrintsTheTopWordsAndTheVerification()
    {
        var client = BuildOutput.GetAssemblyPath("client", "pipeline.dll");

        var result = await ProcessRunner.RunAsync("dotnet", [client, "demo", "--size-mb", "2"], TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Contains(lines, l => l.StartsWith("Generated a 2.0 MB corpus in 8 files", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("[", StringComparison.Ordinal) && l.Contains("map (split): 8/8 done"));
        Assert.Contains(lines, l => l.StartsWith("[", StringComparison.Ordinal) && l.Contains("reduce (group_label): 4/4 done"));
        Assert.Contains("Top 10 words:", lines);
        var top = lines.SkipWhile(l => l != "Top 10 words:").Skip(2).Take(10).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => i.ToString()), top.Select(cells => cells[0]));
        var counts = top.Select(cells => long.Parse(cells[2].Replace(",", ""))).ToArray();
        Assert.Equal(counts.OrderDescending(), counts);
        Assert.Contains(lines, l => l.StartsWith("Verified: the pipeline's counts equal a direct count of the corpus", StringComparison.Ordinal));
    }
}
