using Orleans.Pipeline.Client.Tests.Support;

namespace Orleans.Pipeline.Client.Tests.Commands;

[Collection(ClientClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class JobsCommandTests(ClientCluster cluster)
{
    [Fact]
    public async Task Jobs_AfterASubmission_ListsTheJobWithItsNameAndStatus()
    {
        var file = cluster.WriteFile("jobs-sum.yaml", """
            name: jobs-sum
            inputs: [{locations: [{text: "1\n2\n"}]}]
            stages: [{name: total, grouping: group_all, task: {function: sum}}]
            """);
        var submitted = await cluster.RunAsync("submit", file, "--id", "jobs-listed", "--watch");
        Assert.True(submitted.ExitCode == 0, submitted.ToString());

        var run = await cluster.RunAsync("jobs");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["job", "name", "status", "submitted"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var cells = Assert.Single(lines, l => l.StartsWith("jobs-listed ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["jobs-listed", "jobs-sum", "Succeeded"], cells[..3]);
        Assert.Equal(lines.Length - 1, (await cluster.ListJobsAsync()).Count);
    }
}
