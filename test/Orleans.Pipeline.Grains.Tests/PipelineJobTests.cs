using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Grains.Tests;

/// <summary>Whole jobs on a shared 3-silo cluster: each test uses its own job ids and inputs.</summary>
[Trait("Category", "Cluster")]
public sealed class PipelineJobTests : IClassFixture<PipelineJobTests.Fixture>
{
    private readonly PipelineCluster _pipeline;

    public PipelineJobTests(Fixture fixture)
    {
        _pipeline = fixture.Pipeline;
    }

    private string[] Nodes => _pipeline.Cluster.RunningSilos.Select(s => s.Name).ToArray();

    [Fact]
    public async Task Sort_LinesOnThreeSilos_OutputIsTheSortedInput()
    {
        var random = new Random(3);
        var lines = Enumerable.Range(0, 3000).Select(_ => $"{random.Next(1_000_000):D7}-{random.Next()}").ToList();
        var builder = JobSpec.Create("sort");
        for (var i = 0; i < 3; i++)
        {
            builder.Input(0, _pipeline.WriteInput(Nodes[i], $"sort-{i}.txt", string.Join('\n', lines.Skip(i * 1000).Take(1000)) + "\n"));
        }

        var view = await _pipeline.RunAsync("sort-1", builder.Stage("sort", Grouping.GroupAll, TaskRef.Function("sort")).Build());

        Assert.True(view.Status == JobStatus.Succeeded, view.Error);
        var result = Assert.Single(await _pipeline.ReadResultsAsync("sort-1"));
        Assert.Equal(lines.Order(StringComparer.Ordinal), result.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task FourStagePipeline_MapReduceIdentityCat_GivesTheFullCount()
    {
        var spec = JobSpec.Create("four")
            .Input(0, _pipeline.WriteInput(Nodes[0], "four-a.txt", "a b c a"))
            .Input(0, _pipeline.WriteInput(Nodes[1], "four-b.txt", "b c c d"))
            .Stage("map", Grouping.Split, TaskRef.Function("wordcount_map", ("partitions", "3")))
            .Stage("reduce", Grouping.GroupLabel, TaskRef.Function("wordcount_reduce"))
            .Stage("copy", Grouping.Split, TaskRef.Function("identity"))
            .Stage("all", Grouping.GroupAll, TaskRef.Function("cat"))
            .Build();

        var view = await _pipeline.RunAsync("four-1", spec);

        Assert.True(view.Status == JobStatus.Succeeded, view.Error);
        var lines = Assert.Single(await _pipeline.ReadResultsAsync("four-1")).Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["a\t2", "b\t2", "c\t3", "d\t1"], lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TenStagePipeline_IdentityChain_KeepsEveryByte()
    {
        var builder = JobSpec.Create("ten");
        var contents = Enumerable.Range(0, 4).Select(i => string.Join('\n', Enumerable.Range(0, 200).Select(j => $"line {i}-{j}")) + "\n").ToArray();
        for (var i = 0; i < contents.Length; i++)
        {
            builder.Input(i, _pipeline.WriteInput(Nodes[i % 3], $"ten-{i}.txt", contents[i]));
        }

        for (var s = 0; s < 9; s++)
        {
            builder.Stage($"copy{s}", s % 2 == 0 ? Grouping.Split : Grouping.GroupNodeLabel, TaskRef.Function("identity"));
        }

        var view = await _pipeline.RunAsync("ten-1", builder.Stage("all", Grouping.GroupAll, TaskRef.Function("cat")).Build());

        Assert.True(view.Status == JobStatus.Succeeded, view.Error);
        Assert.Equal(10, view.Stages.Count);
        var text = Assert.Single(await _pipeline.ReadResultsAsync("ten-1")).Text;
        Assert.Equal(contents.SelectMany(c => c.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Order(StringComparer.Ordinal), text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Join_TwoLabeledInputSets_JoinsOnTheKey()
    {
        var spec = JobSpec.Create("join")
            .Input(0, _pipeline.WriteInput(Nodes[0], "users.txt", "1\talice\n2\tbob\n3\tcarol\n"))
            .Input(1, _pipeline.WriteInput(Nodes[1], "orders.txt", "2\tbook\n1\tpen\n2\tlamp\n4\tnothing\n"))
            .Stage("join", Grouping.GroupAll, TaskRef.Function("join"))
            .Build();

        var view = await _pipeline.RunAsync("join-1", spec);

        Assert.True(view.Status == JobStatus.Succeeded, view.Error);
        var lines = Assert.Single(await _pipeline.ReadResultsAsync("join-1")).Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["1\talice\tpen", "2\tbob\tbook", "2\tbob\tlamp"], lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Job_HasAGrainPerStageAndPerTask_EachHoldingItsOwnState()
    {
        var spec = JobSpec.Create("grains")
            .InlineInputs(0, "a b", "b c")
            .InlineInputs(1, "c d")
            .Stage("map", Grouping.Split, TaskRef.Function("identity"))
            .Stage("gather", Grouping.GroupLabel, TaskRef.Function("cat"))
            .Build();

        var view = await _pipeline.RunAsync("grains-1", spec);

        Assert.True(view.Status == JobStatus.Succeeded, view.Error);
        var client = _pipeline.Cluster.Client;
        for (var k = 0; k < spec.Stages.Count; k++)
        {
            // The stage grain keeps the stage's tasks; each task grain keeps its own attempts and outputs.
            var stage = await client.GetGrain<IStageGrain>(Scheduling.PipelineKeys.Stage("grains-1", k)).GetProgressAsync();
            Assert.Equal(view.Stages[k].Tasks.Select(t => t.TaskId), stage.Tasks.Select(t => t.TaskId));
            Assert.Contains(stage.Events, e => e.Kind == "task-done");
            foreach (var task in stage.Tasks)
            {
                var state = await client.GetGrain<ITaskGrain>(Scheduling.PipelineKeys.Task("grains-1", task.TaskId)).ResumeAsync();
                Assert.Equal((task.TaskId, PipelineTaskStatus.Done, 1), (state.TaskId, state.Status, state.Attempt));
                Assert.NotEmpty(state.Outputs);
            }
        }

        Assert.Equal([0, 1, 2, 3, 4], view.Stages.SelectMany(s => s.Tasks).Select(t => t.TaskId).Order());
        var gather = await client.GetGrain<IStageGrain>(Scheduling.PipelineKeys.Stage("grains-1", 1)).GetOutputsAsync();
        Assert.Equal(await _pipeline.Job("grains-1").GetResultsAsync(), gather);
        Assert.Contains(_pipeline.Cluster.RunningSilos, s => s.Silo.GetActivations().Contains(Runtime.GrainId.Create("stage", "grains-1/1")));
        Assert.Contains(_pipeline.Cluster.RunningSilos, s => s.Silo.GetActivations().Contains(Runtime.GrainId.Create("task", "grains-1/4")));
    }

    [Fact]
    public async Task Purge_FinishedJob_DeletesItsOutputsOnEverySilo()
    {
        var spec = JobSpec.Create("purge")
            .InlineInputs(0, "a", "b", "c", "d")
            .Stage("copy", Grouping.Split, TaskRef.Function("identity"))
            .Build();
        var view = await _pipeline.RunAsync("purge-1", spec);
        Assert.True(view.Status == JobStatus.Succeeded, view.Error);
        var results = await _pipeline.Job("purge-1").GetResultsAsync();
        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.True(File.Exists(r.Location), r.Location));

        Assert.False((await _pipeline.Job("purge-1").GetViewAsync()).Purged);

        await _pipeline.Job("purge-1").PurgeAsync();

        Assert.All(results, r => Assert.False(File.Exists(r.Location), r.Location));
        Assert.Empty(_pipeline.OutputFilesOf("purge-1"));
        Assert.Empty(await _pipeline.Job("purge-1").GetResultsAsync());
        var purged = await _pipeline.Job("purge-1").GetViewAsync();
        Assert.True(purged.Purged);
        Assert.Contains(purged.Events, e => e.Kind == "purged");
    }

    [Fact]
    public async Task Purge_RunningJob_IsRefusedAndDeletesNothingUntilTheJobEnds()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pipeline.RegisterFunction("purge_waits", async (context, token) =>
        {
            await release.Task.WaitAsync(token);
            await PipelineCluster.CopyAsync(context, token);
        });
        var spec = JobSpec.Create("purge-running")
            .InlineInputs(0, "a", "b", "c")
            .Stage("copy", Grouping.Split, TaskRef.Function("identity"))
            .Stage("wait", Grouping.GroupAll, TaskRef.Function("purge_waits"))
            .Build();
        var job = _pipeline.Job("purge-running-1");
        await job.SubmitAsync(spec);
        await _pipeline.WaitUntilAsync("purge-running-1", v => v.Stages[1].Tasks.Any(t => t.Status == PipelineTaskStatus.Running));
        var copies = _pipeline.OutputFilesOf("purge-running-1");
        Assert.Equal(3, copies.Length);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(job.PurgeAsync);

        Assert.Equal("Job 'purge-running-1' is running and its tasks read its outputs; cancel it or wait until it ends, then purge it.", error.Message);
        Assert.All(copies, c => Assert.True(File.Exists(c), c));
        var view = await job.GetViewAsync();
        Assert.False(view.Purged);
        Assert.DoesNotContain(view.Events, e => e.Kind == "purged");

        release.SetResult();
        Assert.Equal(JobStatus.Succeeded, (await _pipeline.WaitForEndAsync("purge-running-1")).Status);
        await job.PurgeAsync();
        Assert.Empty(_pipeline.OutputFilesOf("purge-running-1"));
        Assert.True((await job.GetViewAsync()).Purged);
    }

    [Fact]
    public async Task Purge_UnknownJob_IsRefusedAndCreatesNothing()
    {
        var job = _pipeline.Job("purge-unknown-1");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(job.PurgeAsync);

        Assert.Equal("There is no job 'purge-unknown-1'; nothing was purged.", error.Message);
        var view = await job.GetViewAsync();
        Assert.Equal(JobStatus.Unknown, view.Status);
        Assert.Empty(view.Events);
    }

    [Fact]
    public async Task Submit_UnknownFunction_IsRejectedWithTheFieldAndCreatesNothing()
    {
        var spec = JobSpec.Create("bad")
            .Input(0, Location.Inline("x"))
            .Stage("map", Grouping.Split, TaskRef.Function("wordcnt"))
            .Build();

        var error = await Assert.ThrowsAsync<SpecValidationException>(() => _pipeline.Job("bad-1").SubmitAsync(spec));

        Assert.Contains("stages[0].task.function", error.Message);
        Assert.Equal(JobStatus.Unknown, (await _pipeline.Job("bad-1").GetViewAsync()).Status);
        Assert.DoesNotContain(await _pipeline.Cluster.Client.GetGrain<IJobRegistryGrain>("jobs").ListAsync(), j => j.JobId == "bad-1");
    }

    [Fact]
    public async Task Submit_InputMissingOnItsNode_IsRejectedNamingTheFile()
    {
        var spec = JobSpec.Create("missing")
            .Input(0, Location.OnNode(Nodes[1], "/no/such/file.txt"))
            .Stage("map", Grouping.Split, TaskRef.Function("identity"))
            .Build();

        var error = await Assert.ThrowsAsync<SpecValidationException>(() => _pipeline.Job("missing-1").SubmitAsync(spec));

        Assert.Contains("inputs[0].locations[0].path", error.Message);
        Assert.Contains("/no/such/file.txt", error.Message);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public PipelineCluster Pipeline { get; private set; } = null!;

        public async Task InitializeAsync() => Pipeline = await PipelineCluster.StartAsync();

        public async Task DisposeAsync() => await Pipeline.DisposeAsync();
    }
}
