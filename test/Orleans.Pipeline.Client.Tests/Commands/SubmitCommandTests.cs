using Orleans.Pipeline.Client.Tests.Support;
using Orleans.Pipeline.Jobs;

namespace Orleans.Pipeline.Client.Tests.Commands;

[Collection(ClientClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class SubmitCommandTests(ClientCluster cluster)
{
    private const string WordCountYaml = """
        name: client-wordcount
        inputs:
          - locations: [{text: "the cat and the hat\nthe end\n"}]
          - locations: [{text: "a cat a dog\nand a bird\n"}]
          - locations: [{text: "The Cat\n"}]
        stages:
          - name: map
            grouping: split
            task: {function: wordcount_map, params: {partitions: 3}}
          - name: reduce
            grouping: group_label
            task: {function: wordcount_reduce}
        """;

    /// <summary>Each spec the cluster must refuse: its file, the field path (or position) its message names, and what the message says.</summary>
    public static TheoryData<string, string, string, string> RejectedSpecs => new()
    {
        {
            "unknown-grouping.yaml",
            """
            name: rejected-grouping
            inputs: [{locations: [{text: "a b"}]}]
            stages:
              - {name: map, grouping: group_lable, task: {function: wordcount_map}}
            """,
            "stages[0].grouping", "group_lable"
        },
        {
            "unknown-function.yaml",
            """
            name: rejected-function
            inputs: [{locations: [{text: "a b"}]}]
            stages:
              - {name: map, grouping: split, task: {function: wordcount_mpa}}
            """,
            "stages[0].task.function", "wordcount_mpa"
        },
        {
            "empty-pipeline.json",
            """{ "name": "rejected-empty", "inputs": [ { "locations": [ { "text": "a b" } ] } ], "stages": [] }""",
            "stages", "at least one stage"
        },
        {
            "concurrent-sort.yaml",
            """
            name: rejected-concurrent-sort
            inputs: [{locations: [{text: "b\na\n"}]}]
            stages:
              - {name: copy, grouping: split, task: {function: identity}}
              - {name: sort, grouping: group_all, task: {function: sort}, concurrent: true}
            """,
            "stages[1].concurrent", "needs all its inputs"
        },
        {
            "unreadable-input.yaml",
            """
            name: rejected-input
            inputs: [{locations: [{node: silo0, path: /no/such/dir/input.txt}]}]
            stages:
              - {name: map, grouping: split, task: {function: wordcount_map}}
            """,
            "inputs[0].locations[0].path", "/no/such/dir/input.txt"
        },
        {
            "malformed.json",
            """{ "name": "rejected-json", "inputs": [ { "locations": [ """,
            "malformed JSON at line 1", "fix the file"
        },
        {
            "malformed.yaml",
            """
            name: rejected-yaml
            inputs:
              - locations: [{text: "a"}]
             stages: []
            """,
            "malformed YAML at line 4, column 2", "fix the file"
        },
    };

    [Theory]
    [MemberData(nameof(RejectedSpecs))]
    public async Task Submit_RejectedSpec_PrintsItsProblemExitsTwoAndCreatesNothing(string fileName, string content, string where, string what)
    {
        var file = cluster.WriteFile(fileName, content);
        var id = "rejected-" + Path.GetFileNameWithoutExtension(fileName);

        var run = await cluster.RunAsync("submit", file, "--watch", "--id", id);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(where, run.Error);
        Assert.Contains(what, run.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("nothing was", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.DoesNotContain("Submitted", run.Output);
        Assert.Equal(JobStatus.Unknown, (await cluster.Job(id).GetViewAsync()).Status);
        Assert.DoesNotContain(await cluster.ListJobsAsync(), j => j.JobId == id || j.Name.StartsWith("rejected-", StringComparison.Ordinal));
        var jobs = await cluster.RunAsync("jobs");
        Assert.Equal(0, jobs.ExitCode);
        Assert.DoesNotContain(id, jobs.Output);
    }

    [Fact]
    public async Task Submit_WatchGoodJob_ExitsZeroAndDownloadsResultsEqualToADirectCount()
    {
        var file = cluster.WriteFile("wordcount.yaml", WordCountYaml);
        var output = Path.Combine(cluster.Files, "wordcount-out");

        var run = await cluster.RunAsync("submit", file, "--watch", "--id", "submit-watch", "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Submitted job submit-watch (client-wordcount: 3 inputs, 2 stages)", run.Output);
        Assert.Contains("map (split): 3/3 done", run.Output);
        Assert.Contains("reduce (group_label): 3/3 done", run.Output);
        Assert.Contains("Job submit-watch (client-wordcount) succeeded", run.Output);
        var files = Directory.GetFiles(output).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["result-0-label-0", "result-1-label-1", "result-2-label-2"], files);
        var counted = new Dictionary<string, long>();
        foreach (var path in Directory.GetFiles(output))
        {
            foreach (var line in File.ReadAllLines(path).Where(l => l.Length > 0))
            {
                var tab = line.IndexOf('\t');
                counted.Add(line[..tab], long.Parse(line[(tab + 1)..]));
            }
        }

        var expected = "the cat and the hat\nthe end\na cat a dog\nand a bird\nThe Cat\n"
            .Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(w => w)
            .ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), counted.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Submit_WithoutWatch_PrintsTheIdAndTheJobRuns()
    {
        var file = cluster.WriteFile("wordcount-nowatch.yaml", WordCountYaml);

        var run = await cluster.RunAsync("submit", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        var id = run.Output.Split(' ')[2];
        Assert.StartsWith("client-wordcount-", id);
        Assert.Contains($"pipeline status {id}", run.Output);
        Assert.Equal(JobStatus.Succeeded, (await JobWaits.WaitForEndAsync(cluster.Job(id))).Status);
    }

    [Fact]
    public async Task Submit_IdInUse_ExitsTwoAndLeavesTheJobAlone()
    {
        var file = cluster.WriteFile("wordcount-twice.yaml", WordCountYaml);
        var first = await cluster.RunAsync("submit", file, "--id", "submit-twice", "--watch");
        Assert.True(first.ExitCode == 0, first.ToString());

        var second = await cluster.RunAsync("submit", file, "--id", "submit-twice");

        Assert.True(second.ExitCode == 2, second.ToString());
        Assert.Contains("A job with id 'submit-twice' exists already (Succeeded)", second.Error);
        Assert.Single(await cluster.ListJobsAsync(), j => j.JobId == "submit-twice");
    }

    [Fact]
    public async Task Submit_MissingFile_ExitsTwoNamingTheFile()
    {
        var missing = Path.Combine(cluster.Files, "no-such-job.yaml");

        var run = await cluster.RunAsync("submit", missing);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"Cannot read job file '{missing}'", run.Error);
    }

    [Fact]
    public async Task Submit_UnknownExtension_ExitsTwoNamingTheFormats()
    {
        var file = cluster.WriteFile("job.txt", "name: x");

        var run = await cluster.RunAsync("submit", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(".json, .yaml or .yml", run.Error);
    }

    [Fact]
    public async Task Submit_BadId_ExitsTwoSayingWhatAnIdIs()
    {
        var file = cluster.WriteFile("wordcount-badid.yaml", WordCountYaml);

        var run = await cluster.RunAsync("submit", file, "--id", "has space");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'has space' is not a job id", run.Error);
    }
}
