using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Grains.Brokers;
using Orleans.Pipeline.Grains.Hosting;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Specs;
using Orleans.Pipeline.Tasks;

namespace Orleans.Pipeline.Grains.Tests;

/// <summary>A broker serving the outputs its silo holds, called from another silo, on the shared cluster.</summary>
[Trait("Category", "Cluster")]
public sealed class BrokerGrainTests : IClassFixture<PipelineJobTests.Fixture>
{
    private readonly PipelineCluster _pipeline;

    public BrokerGrainTests(PipelineJobTests.Fixture fixture)
    {
        _pipeline = fixture.Pipeline;
    }

    [Fact]
    public async Task ReadOutputsAsync_SmallOutputsInAPackAndAFile_ReturnsExactlyEachOnesBytes()
    {
        var (broker, node) = Broker(0);
        var packed = await WriteOutputsAsync("batch-small", ["first", "", "third output"]);
        var file = _pipeline.WriteInput(node, "batch-small.txt", "a whole file").Path!;

        var batch = await broker.ReadOutputsAsync([.. packed.Select(o => o.Location), file], RemoteInputBatch.MaxBytes);

        Assert.Equal(["first", "", "third output", "a whole file"], batch.Contents.Select(c => Encoding.UTF8.GetString(c!)));
        Assert.All(packed, o => Assert.True(FileSegment.TryParse(o.Location, out _), o.Location));
    }

    [Fact]
    public async Task ReadOutputsAsync_OutputLargerThanTheBatch_IsLeftToChunkedReadsThatStreamIt()
    {
        var (broker, node) = Broker(0);
        var large = string.Concat(Enumerable.Range(0, 120_000).Select(i => $"{i:D9}\n"));
        var largePath = _pipeline.WriteInput(node, "batch-large.txt", large).Path!;
        var small = (await WriteOutputsAsync("batch-after-large", ["small", "smaller"])).Select(o => o.Location).ToList();

        var batch = await broker.ReadOutputsAsync([small[0], largePath, small[1]], maxBytes: 64 * 1024);
        var chunks = new List<byte[]>();
        for (long offset = 0; ;)
        {
            var chunk = await broker.ReadOutputAsync(largePath, offset, 500_000);
            if (chunk.Length == 0)
            {
                break;
            }

            chunks.Add(chunk);
            offset += chunk.Length;
        }

        Assert.Equal(3, batch.Contents.Count);
        Assert.Null(batch.Contents[1]);
        Assert.Equal(["small", "smaller"], new[] { batch.Contents[0], batch.Contents[2] }.Select(c => Encoding.UTF8.GetString(c!)));
        Assert.Equal([500_000, 500_000, 200_000], chunks.Select(c => c.Length));
        Assert.Equal(large, Encoding.UTF8.GetString([.. chunks.SelectMany(c => c)]));
    }

    [Fact]
    public async Task ReadOutputsAsync_BytesSpent_AnswersOnlyTheOutputsThatFit()
    {
        var (broker, _) = Broker(0);
        var outputs = (await WriteOutputsAsync("batch-spent", ["aaaa", "bbbb", "cccc"])).Select(o => o.Location).ToList();

        var batch = await broker.ReadOutputsAsync(outputs, maxBytes: 9);

        Assert.Equal(["aaaa", "bbbb"], batch.Contents.Select(c => Encoding.UTF8.GetString(c!)));
    }

    [Fact]
    public async Task ReadOutputAsync_RangeOfAPack_ServesOnlyThatRangeFromTheOffset()
    {
        var (broker, _) = Broker(1);
        var outputs = await WriteOutputsAsync("range", ["before", "0123456789", "after"]);

        var middle = await broker.ReadOutputAsync(outputs[1].Location, 4, 100);
        var past = await broker.ReadOutputAsync(outputs[1].Location, 10, 100);

        Assert.Equal("456789", Encoding.UTF8.GetString(middle));
        Assert.Empty(past);
    }

    [Fact]
    public async Task ReadOutputAsync_FileGone_FailsNamingTheFileAndTheSilo()
    {
        var (broker, node) = Broker(1);
        var outputs = await WriteOutputsAsync("gone", ["x", "y"]);
        var pack = FileSegment.TryParse(outputs[0].Location, out var segment) ? segment.Path : outputs[0].Location;
        File.Delete(pack);

        var chunked = await Assert.ThrowsAsync<FileNotFoundException>(() => broker.ReadOutputAsync(outputs[0].Location, 0, 100));
        var batch = await broker.ReadOutputsAsync([outputs[0].Location], RemoteInputBatch.MaxBytes);

        Assert.Equal($"'{pack}' does not exist on silo '{node}' (it held output '{outputs[0].Location}').", chunked.Message);
        Assert.Null(Assert.Single(batch.Contents));
    }

    [Fact]
    public async Task ReadOutputsAsync_RangePastTheEndOfItsFile_IsLeftToTheChunkedReadWhichSaysTheFileChanged()
    {
        var (broker, node) = Broker(2);
        var pack = _pipeline.WriteInput(node, "truncated" + PackedFileTaskOutputs.PackExtension, "0123").Path!;
        var truncated = new FileSegment(pack, 2, 10).ToLocation();
        var whole = new FileSegment(pack, 0, 4).ToLocation();

        var batch = await broker.ReadOutputsAsync([truncated, whole], RemoteInputBatch.MaxBytes);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => broker.ReadOutputAsync(truncated, 0, 100));

        Assert.Null(batch.Contents[0]);
        Assert.Equal("0123", Encoding.UTF8.GetString(batch.Contents[1]!));
        Assert.Contains("the file changed after the task that wrote it ended", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_InputRangeWhoseFileIsGone_IsRejectedNamingTheFileAndTheSilo()
    {
        var node = _pipeline.Cluster.RunningSilos[2].Name;
        var missing = new FileSegment(Path.Combine(_pipeline.Cluster.Directory, "nowhere", PackedFileTaskOutputs.DefaultPackFileName), 0, 3).ToLocation();
        var spec = JobSpec.Create("gone")
            .Input(0, Location.OnNode(node, missing))
            .Stage("copy", Grouping.Split, TaskRef.Function("identity"))
            .Build();

        var error = await Assert.ThrowsAsync<SpecValidationException>(() => _pipeline.Job("gone-1").SubmitAsync(spec));

        Assert.Contains($"does not exist on silo '{node}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shuffle_SmallOutputsOfEveryMap_ReachEveryReducerWhole()
    {
        const int Width = 12;
        _pipeline.RegisterFunction("broker_shuffle_map", async (context, token) =>
        {
            for (var label = 0; label < Width; label++)
            {
                await using var stream = context.Outputs.OpenWrite(label);
                await stream.WriteAsync(Encoding.UTF8.GetBytes($"m{context.GroupLabel}-r{label};"), token);
            }
        });
        _pipeline.RegisterFunction(
            "broker_shuffle_reduce",
            async (context, token) =>
            {
                var parts = new List<string>();
                await foreach (var input in context.Inputs.ReadAllAsync(token))
                {
                    await using var stream = await input.OpenReadAsync(token);
                    using var reader = new StreamReader(stream);
                    parts.Add(await reader.ReadToEndAsync(token));
                }

                await using var output = context.Outputs.OpenWrite(context.GroupLabel);
                await output.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(parts.Order(StringComparer.Ordinal))), token);
            },
            needsAllInputs: true);
        var builder = JobSpec.Create("broker-shuffle");
        for (var m = 0; m < Width; m++)
        {
            builder.InlineInputs(m, $"{m}");
        }

        var spec = builder
            .Stage("map", Grouping.Split, TaskRef.Function("broker_shuffle_map"))
            .Stage("reduce", Grouping.GroupLabel, TaskRef.Function("broker_shuffle_reduce"))
            .Build();

        var view = await _pipeline.RunAsync("broker-shuffle-1", spec);

        Assert.True(view.Status == JobStatus.Succeeded, view.Error);
        Assert.True(view.Stages[0].Tasks.Select(t => t.Node).Distinct().Count() > 1, "the maps ran on one silo: no reducer read remotely");
        var results = await _pipeline.ReadResultsAsync("broker-shuffle-1");
        Assert.Equal(Enumerable.Range(0, Width), results.Select(r => r.Label));
        Assert.All(results, r => Assert.Equal(
            string.Concat(Enumerable.Range(0, Width).Select(m => $"m{m}-r{r.Label};").Order(StringComparer.Ordinal)),
            r.Text));
    }

    [Fact]
    public async Task GroupAll_LargeAndSmallInputsOnOtherSilos_ReadsEveryByte()
    {
        var nodes = _pipeline.Cluster.RunningSilos.Select(s => s.Name).ToArray();
        var large = string.Concat(Enumerable.Range(0, 250_000).Select(i => $"large {i:D8}\n"));
        var builder = JobSpec.Create("broker-large").Input(0, _pipeline.WriteInput(nodes[1], "broker-large.txt", large));
        var smalls = Enumerable.Range(0, 30).Select(i => $"small {i:D2}\n").ToArray();
        for (var i = 0; i < smalls.Length; i++)
        {
            builder.Input(0, _pipeline.WriteInput(nodes[i % 3], $"broker-small-{i}.txt", smalls[i]));
        }

        var spec = builder
            .Stage("copy", Grouping.Split, TaskRef.Function("identity"))
            .Stage("all", Grouping.GroupAll, TaskRef.Function("cat"))
            .Build();

        var view = await _pipeline.RunAsync("broker-large-1", spec);

        Assert.True(view.Status == JobStatus.Succeeded, view.Error);
        var text = Assert.Single(await _pipeline.ReadResultsAsync("broker-large-1")).Text;
        Assert.Equal(large.Length + smalls.Sum(s => s.Length), text.Length);
        Assert.Equal(
            large.Split('\n', StringSplitOptions.RemoveEmptyEntries).Concat(smalls.Select(s => s.TrimEnd('\n'))).Order(StringComparer.Ordinal),
            text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    private (IBrokerGrain Broker, string Node) Broker(int silo)
    {
        var node = _pipeline.Cluster.RunningSilos[silo].Name;
        var caller = _pipeline.Cluster.RunningSilos[(silo + 1) % 3].Services.GetRequiredService<NodeDirectory>();
        return (caller.BrokerOf(node)!, node);
    }

    /// <summary>Outputs as a task writes them: in the shared cluster's directory, small ones in one pack.</summary>
    private async Task<IReadOnlyList<TaskOutput>> WriteOutputsAsync(string name, string[] contents)
    {
        var outputs = new PackedFileTaskOutputs(Path.Combine(_pipeline.Cluster.Directory, "broker-outputs", name));
        for (var label = 0; label < contents.Length; label++)
        {
            await using var writer = outputs.OpenWrite(label);
            await writer.WriteAsync(Encoding.UTF8.GetBytes(contents[label]));
        }

        return await outputs.CompleteAsync();
    }
}
