using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Grains.Tests;

[Trait("Category", "Cluster")]
public sealed class WordCountJobTests : IAsyncLifetime
{
    private PipelineCluster _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await PipelineCluster.StartAsync();

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();

    [Fact]
    public async Task WordCount_CorpusOnThreeSilos_EqualsASingleProcessCount()
    {
        var random = new Random(7);
        var vocabulary = Enumerable.Range(0, 300).Select(i => $"w{i}").ToArray();
        var builder = JobSpec.Create("wordcount");
        var expected = new Dictionary<string, long>();
        var nodes = _pipeline.Cluster.RunningSilos.Select(s => s.Name).ToArray();
        for (var f = 0; f < 9; f++)
        {
            var words = Enumerable.Range(0, 3000).Select(_ => vocabulary[(int)(vocabulary.Length * Math.Pow(random.NextDouble(), 2))]).ToArray();
            foreach (var word in words)
            {
                expected[word] = expected.GetValueOrDefault(word) + 1;
            }

            builder.Input(0, _pipeline.WriteInput(nodes[f % 3], $"part-{f}.txt", string.Join(' ', words)));
        }

        var spec = builder
            .Stage("map", Grouping.Split, TaskRef.Function("wordcount_map", ("partitions", "4")))
            .Stage("reduce", Grouping.GroupLabel, TaskRef.Function("wordcount_reduce"))
            .Build();

        var view = await _pipeline.RunAsync("wc-1", spec);

        Assert.True(view.Status == JobStatus.Succeeded, view.Error);
        Assert.Equal(9, view.Stages[0].Tasks.Count);
        Assert.Equal(4, view.Stages[1].Tasks.Count);
        var counted = new Dictionary<string, long>();
        foreach (var (_, text) in await _pipeline.ReadResultsAsync("wc-1"))
        {
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var tab = line.IndexOf('\t');
                counted.Add(line[..tab], long.Parse(line[(tab + 1)..]));
            }
        }

        Assert.Equal(expected.OrderBy(e => e.Key), counted.OrderBy(e => e.Key));
        Assert.Equal(3, view.Stages[0].Tasks.Select(t => t.Node).Distinct().Count());
    }
}
