using Orleans.Pipeline.Client.Tests.Support;

namespace Orleans.Pipeline.Client.Tests.Commands;

[Collection(ClientClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class StatusCommandTests(ClientCluster cluster)
{
    private const string SortJson = """
        {
          "name": "status-sort",
          "inputs": [
            { "locations": [ { "text": "pear\napple\n" } ] },
            { "locations": [ { "text": "fig\n" } ] }
          ],
          "stages": [
            { "name": "copy", "grouping": "split", "task": { "function": "identity" } },
            { "name": "sort", "grouping": "group_all", "task": { "function": "sort" } }
          ]
        }
        """;

    [Fact]
    public async Task Status_SucceededJob_ShowsStagesDoneOfTotalTasksAndEvents()
    {
        var submitted = await cluster.RunAsync("submit", cluster.WriteFile("status-sort.json", SortJson), "--id", "status-sort", "--watch");
        Assert.True(submitted.ExitCode == 0, submitted.ToString());

        var run = await cluster.RunAsync("status", "status-sort", "--tasks", "--events", "3");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split(Environment.NewLine);
        Assert.Contains("Status:    Succeeded", lines);
        Assert.Contains("Name:      status-sort", lines);
        Assert.Contains(lines, l => l.Trim().StartsWith("copy", StringComparison.Ordinal) && l.Contains("split") && l.Contains("2/2"));
        Assert.Contains(lines, l => l.Trim().StartsWith("sort", StringComparison.Ordinal) && l.Contains("group_all") && l.Contains("1/1"));
        Assert.Equal(3, lines.Count(l => l.Contains(" Done ")));
        Assert.Contains(lines, l => l.StartsWith("Recent events (last 3 of ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("succeeded") && l.Contains("The job succeeded in"));
    }

    [Fact]
    public async Task Status_FailedJob_ShowsTheError()
    {
        var file = cluster.WriteFile("status-fails.yaml", """
            name: status-fails
            inputs: [{locations: [{text: "x"}]}]
            stages:
              - {name: fail, grouping: split, task: {program: "false"}}
            limits: {maxTaskFailures: 1}
            """);
        var watched = await cluster.RunAsync("submit", file, "--id", "status-fails", "--watch");
        Assert.True(watched.ExitCode == 1, watched.ToString());
        Assert.Contains("Job status-fails (status-fails) failed", watched.Output);

        var run = await cluster.RunAsync("status", "status-fails");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Status:    Failed", run.Output);
        Assert.Contains("Error:     Task 0 of stage 'fail' failed 1 times", run.Output);
    }

    [Fact]
    public async Task Status_UnknownJob_ExitsFour()
    {
        var run = await cluster.RunAsync("status", "no-such-job");

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("There is no job 'no-such-job'", run.Error);
        Assert.Equal("", run.Output);
    }
}
