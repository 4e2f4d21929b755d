using Orleans.Pipeline.Tasks.BuiltIns;
using Orleans.Pipeline.Tasks.Tests.Support;

namespace Orleans.Pipeline.Tasks.Tests.BuiltIns;

public class WordCountReduceFunctionTests
{
    [Fact]
    public async Task RunAsync_SeveralInputs_SumsCountsIntoTheGroupLabel()
    {
        var (outputs, recorded) = await TaskRunner.RunAsync(
            new WordCountReduceFunction(),
            [TaskRunner.Text(5, "a\t2\nb\t1\n"), TaskRunner.Text(5, "b\t4\r\nc\t1"), TaskRunner.Text(5, "\n")],
            groupLabel: 5);

        Assert.Equal("a\t2\nb\t5\nc\t1\n", outputs.GetText(5));
        Assert.Equal([5], recorded.Select(o => o.Label));
    }

    [Fact]
    public async Task RunAsync_AfterMapOfEachPartition_EqualsReferenceCount()
    {
        var texts = Enumerable.Range(0, 4).Select(i => WordCountMapFunctionTests.GenerateText(seed: 100 + i, bytes: 50_000)).ToArray();
        var reference = TaskRunner.ReferenceCounts(string.Join("\n", texts));
        var mapOutputs = new List<TaskInput>();
        foreach (var text in texts)
        {
            var (outputs, _) = await TaskRunner.RunAsync(new WordCountMapFunction(), [TaskRunner.Text(0, text)], TaskRunner.Parameters(("partitions", "4")));
            mapOutputs.AddRange(outputs.Labels.Select(label => new MemoryTaskInput(label, outputs.GetBytes(label))));
        }

        var total = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var partition in mapOutputs.GroupBy(i => i.Label))
        {
            var (outputs, _) = await TaskRunner.RunAsync(new WordCountReduceFunction(), partition, groupLabel: partition.Key);
            foreach (var line in TaskRunner.Lines(outputs.GetText(partition.Key)))
            {
                var fields = line.Split('\t');
                total.Add(fields[0], long.Parse(fields[1]));
            }
        }

        Assert.Equal(reference.OrderBy(p => p.Key, StringComparer.Ordinal), total.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_LineWithoutCount_ThrowsFatalNamingInputAndLine()
    {
        var error = await Assert.ThrowsAsync<TaskFatalException>(() => TaskRunner.RunAsync(
            new WordCountReduceFunction(), [TaskRunner.Text(0, "a\t1\nbroken line\n", name: "part-3")]));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("memory:part-3", error.Message, StringComparison.Ordinal);
        Assert.Contains("broken line", error.Message, StringComparison.Ordinal);
    }
}
