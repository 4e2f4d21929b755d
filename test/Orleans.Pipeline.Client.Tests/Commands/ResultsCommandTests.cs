using Orleans.Pipeline.Client.Tests.Support;

namespace Orleans.Pipeline.Client.Tests.Commands;

[Collection(ClientClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ResultsCommandTests(ClientCluster cluster)
{
    private const string Histogram = """
        name: results-histogram
        inputs:
          - locations: [{text: "abba"}]
          - locations: [{text: "cab"}]
        stages:
          - {name: map, grouping: split, task: {function: byte_histogram}}
          - {name: total, grouping: group_all, task: {function: wordcount_reduce}}
        """;

    [Fact]
    public async Task Results_SucceededJob_ListsEveryResultWithItsSiloAndSize()
    {
        var submitted = await cluster.RunAsync("submit", cluster.WriteFile("results-list.yaml", Histogram), "--id", "results-list", "--watch");
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var recorded = await cluster.Job("results-list").GetResultsAsync();

        var run = await cluster.RunAsync("results", "results-list");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Job results-list (results-histogram) has 1 result, ", run.Output);
        Assert.Single(recorded);
        var rows = run.Output.Split(Environment.NewLine).Where(l => l.Contains(recorded[0].Location)).ToArray();
        var cells = Assert.Single(rows).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["0", "0", recorded[0].Node, recorded[0].Size.ToString(), recorded[0].Location], cells);
    }

    [Fact]
    public async Task Results_Out_DownloadsEachResultIntoItsFile()
    {
        var submitted = await cluster.RunAsync("submit", cluster.WriteFile("results-out.yaml", Histogram), "--id", "results-out", "--watch");
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var output = Path.Combine(cluster.Files, "results-out");

        var run = await cluster.RunAsync("results", "results-out", "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Downloaded 1 result (", run.Output);
        // byte_histogram writes every byte value; wordcount_reduce adds them up: 'a' (97) and 'b' (98) three times, 'c' (99) once.
        var lines = File.ReadAllLines(Path.Combine(output, "result-0-label-0"));
        Assert.Equal(256, lines.Length);
        Assert.Equal(["97\t3", "98\t3", "99\t1"], lines.Where(l => !l.EndsWith("\t0", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Results_FailedJob_ExitsOneSayingWhy()
    {
        var file = cluster.WriteFile("results-failed.yaml", """
            name: results-failed
            inputs: [{locations: [{text: "x"}]}]
            stages:
              - {name: fail, grouping: split, task: {program: "false"}}
            limits: {maxTaskFailures: 1}
            """);
        var watched = await cluster.RunAsync("submit", file, "--id", "results-failed", "--watch");
        Assert.Equal(1, watched.ExitCode);

        var run = await cluster.RunAsync("results", "results-failed", "--out", Path.Combine(cluster.Files, "results-failed"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Job results-failed ended Failed, so it has no complete results", run.Error);
        Assert.False(Directory.Exists(Path.Combine(cluster.Files, "results-failed")));
    }

    [Fact]
    public async Task Results_UnknownJob_ExitsFour()
    {
        var run = await cluster.RunAsync("results", "no-such-job");

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("There is no job 'no-such-job'", run.Error);
    }
}
