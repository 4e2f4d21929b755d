using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Grains.Tests;

/// <summary>Concurrent stages, a silo killed mid-job, and a whole cluster stopped mid-job; a fresh cluster per test.</summary>
[Trait("Category", "Fault")]
public sealed class RecoveryTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PipelineCluster _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await PipelineCluster.StartAsync();

    public async Task DisposeAsync()
    {
        _gate.TrySetResult();
        await _pipeline.DisposeAsync();
    }

    private string[] Nodes => _pipeline.Cluster.RunningSilos.Select(s => s.Name).ToArray();

    /// <summary>Copies its inputs, but a task whose group label is 2 first waits for the test to open the gate.</summary>
    private void RegisterGatedCopy(string name) => _pipeline.RegisterFunction(name, async (context, token) =>
    {
        if (context.GroupLabel == 2)
        {
            await _gate.Task.WaitAsync(token);
        }

        await PipelineCluster.CopyAsync(context, token);
    });

    /// <summary>Concatenates its inputs into label 0 as they arrive; the returned task completes once it has read two.</summary>
    private TaskCompletionSource RegisterStreamingCat(string name)
    {
        var firstTwoRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pipeline.RegisterFunction(name, async (context, token) =>
        {
            var read = 0;
            await using var target = context.Outputs.OpenWrite(0);
            await foreach (var input in context.Inputs.ReadAllAsync(token))
            {
                await using (var source = await input.OpenReadAsync(token))
                {
                    await source.CopyToAsync(target, token);
                }

                if (++read == 2)
                {
                    firstTwoRead.TrySetResult();
                }
            }
        });
        return firstTwoRead;
    }

    [Fact]
    public async Task ConcurrentStage_ConsumerStartsBeforeTheProducerStageEnds_AndResultsMatchTheSequentialRun()
    {
        RegisterGatedCopy("gated_copy");
        JobSpec Spec(string name, bool concurrent) => JobSpec.Create(name)
            .InlineInputs(0, "zero")
            .InlineInputs(1, "one")
            .InlineInputs(2, "two")
            .Stage("produce", Grouping.Split, TaskRef.Function("gated_copy"))
            .Stage("consume", Grouping.Split, TaskRef.Function("identity"), concurrent)
            .Stage("gather", Grouping.GroupAll, TaskRef.Function("cat"))
            .Build();

        await _pipeline.Job("concurrent-1").SubmitAsync(Spec("concurrent", concurrent: true));
        await WaitUntilAsync("concurrent-1", v => v.Stages[1].Tasks.Count(t => t.Status == PipelineTaskStatus.Done) == 2);
        var during = await _pipeline.Job("concurrent-1").GetViewAsync();
        _gate.SetResult();
        var view = await _pipeline.WaitForEndAsync("concurrent-1");
        var sequential = await _pipeline.RunAsync("sequential-1", Spec("sequential", concurrent: false));

        Assert.True(view.Status == JobStatus.Succeeded, view.Error);
        Assert.Equal(PipelineTaskStatus.Running, during.Stages[0].Tasks.Single(t => t.Label == 2).Status);
        var lastProducerDone = view.Events.Last(e => e.Kind == "task-done" && e.Message.Contains("stage 'produce'", StringComparison.Ordinal)).TimeMs;
        Assert.True(view.Events.Any(e => e.Kind == "task-started" && e.Message.Contains("stage 'consume'", StringComparison.Ordinal) && e.TimeMs <= lastProducerDone), string.Join("\n", view.Events.Select(e => $"{e.TimeMs} {e.Kind} {e.Message}")));
        Assert.Equal(
            (await _pipeline.ReadResultsAsync("sequential-1")).Select(r => string.Concat(r.Text.Order())),
            (await _pipeline.ReadResultsAsync("concurrent-1")).Select(r => string.Concat(r.Text.Order())));
    }

    [Fact]
    public async Task ConcurrentStage_GroupAll_LaterInputsReachTheRunningConsumerThroughItsInputStream()
    {
        RegisterGatedCopy("gated_copy5");
        var firstTwoRead = RegisterStreamingCat("streaming_cat");
        var spec = JobSpec.Create("streamed")
            .InlineInputs(0, "zero\n")
            .InlineInputs(1, "one\n")
            .InlineInputs(2, "two\n")
            .Stage("produce", Grouping.Split, TaskRef.Function("gated_copy5"))
            .Stage("gather", Grouping.GroupAll, TaskRef.Function("streaming_cat"), concurrent: true)
            .Build();

        await _pipeline.Job("streamed-1").SubmitAsync(spec);

        // The consumer runs and has read the two inputs that exist while the third producer is held at its gate.
        await firstTwoRead.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var during = await _pipeline.Job("streamed-1").GetViewAsync();
        Assert.Equal(PipelineTaskStatus.Running, during.Stages[0].Tasks.Single(t => t.Label == 2).Status);
        Assert.Equal(PipelineTaskStatus.Running, Assert.Single(during.Stages[1].Tasks).Status);
        _gate.SetResult();
        var view = await _pipeline.WaitForEndAsync("streamed-1");

        Assert.True(view.Status == JobStatus.Succeeded, view.Error);
        var consumer = Assert.Single(view.Stages[1].Tasks);
        Assert.Equal(1, consumer.Attempt);
        Assert.Equal(3, consumer.Inputs);
        Assert.Equal(["one", "two", "zero"], Assert.Single(await _pipeline.ReadResultsAsync("streamed-1")).Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public async Task KillSilo_AfterAConsumerFinished_LostOutputsAreRecomputedAndTheConsumerRestarts()
    {
        RegisterGatedCopy("gated_copy2");

        // The victim is neither the client's gateway nor the silo of the job grain: this test is about lost outputs
        // (a job grain that dies with its silo resumes from its persisted state, which is another test).
        await _pipeline.Job("cascade-1").GetViewAsync();
        var gateway = _pipeline.Cluster.Client.CurrentGateway!.ToString();
        var jobSilo = _pipeline.Cluster.RunningSilos.Single(s => s.Silo.GetActivations().Contains(Runtime.GrainId.Create("job", "cascade-1")));
        var victim = _pipeline.Cluster.RunningSilos.First(s => s != jobSilo && $"{s.Address.Host}:{s.Address.Port}" != gateway);
        var survivors = Nodes.Where(n => n != victim.Name).ToArray();
        var spec = JobSpec.Create("cascade")
            .Input(1, _pipeline.WriteInput(victim.Name, "one.txt", "one\n"), _pipeline.WriteInput(survivors[1], "one.txt", "one\n"))
            .Input(2, _pipeline.WriteInput(survivors[0], "two.txt", "two\n"))
            .Stage("produce", Grouping.Split, TaskRef.Function("identity"))
            .Stage("consume", Grouping.Split, TaskRef.Function("gated_copy2"))
            .Stage("gather", Grouping.GroupAll, TaskRef.Function("cat"))
            .Build();

        await _pipeline.Job("cascade-1").SubmitAsync(spec);
        await WaitUntilAsync("cascade-1", v => v.Stages[1].Tasks.Any(t => t.Label == 1 && t.Status == PipelineTaskStatus.Done));
        var before = await _pipeline.Job("cascade-1").GetViewAsync();
        Assert.Equal(victim.Name, before.Stages[0].Tasks.Single(t => t.Label == 1).Node);

        await _pipeline.Cluster.KillSiloAsync(victim);
        await WaitUntilAsync("cascade-1", v => v.Events.Any(e => e.Kind == "task-restart"), TimeSpan.FromSeconds(30));
        _gate.SetResult();
        await WaitUntilAsync("cascade-1", v => v.Status != JobStatus.Running || v.Stages[2].Tasks.Any(t => t.Status == PipelineTaskStatus.Done));
        var view = await _pipeline.WaitForEndAsync("cascade-1");

        Assert.True(view.Status == JobStatus.Succeeded, view.Error);
        var producer = view.Stages[0].Tasks.Single(t => t.Label == 1);
        var consumer = view.Stages[1].Tasks.Single(t => t.Label == 1);
        Assert.Contains(view.Events, e => e.Kind == "task-recompute" && e.TaskId == producer.TaskId);
        Assert.Contains(view.Events, e => e.Kind == "task-restart" && e.TaskId == consumer.TaskId);
        Assert.NotEqual(victim.Name, producer.Node);
        Assert.True(producer.Attempt >= 2 && consumer.Attempt >= 2);
        Assert.Equal("one\ntwo\n", string.Concat((await _pipeline.ReadResultsAsync("cascade-1")).Select(r => r.Text)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().Aggregate("", (a, l) => a + l + "\n"));
    }

    [Fact]
    public async Task KillSilo_WhileAConcurrentConsumerRuns_ItsProducerRunsElsewhereAndTheRunningConsumerGetsEveryInput()
    {
        RegisterGatedCopy("gated_copy6");
        var firstTwoRead = RegisterStreamingCat("streaming_cat2");

        // The victim runs the gated producer; it is neither the client's gateway nor the silo of the job grain.
        await _pipeline.Job("streamed-kill-1").GetViewAsync();
        var gateway = _pipeline.Cluster.Client.CurrentGateway!.ToString();
        var jobSilo = _pipeline.Cluster.RunningSilos.Single(s => s.Silo.GetActivations().Contains(Runtime.GrainId.Create("job", "streamed-kill-1")));
        var victim = _pipeline.Cluster.RunningSilos.First(s => s != jobSilo && $"{s.Address.Host}:{s.Address.Port}" != gateway);
        var survivors = Nodes.Where(n => n != victim.Name).ToArray();
        var spec = JobSpec.Create("streamed-kill")
            .Input(0, _pipeline.WriteInput(survivors[0], "zero.txt", "zero\n"))
            .Input(1, _pipeline.WriteInput(survivors[1], "one.txt", "one\n"))
            .Input(2, _pipeline.WriteInput(victim.Name, "two.txt", "two\n"), _pipeline.WriteInput(survivors[0], "two.txt", "two\n"))
            .Stage("produce", Grouping.Split, TaskRef.Function("gated_copy6"))
            .Stage("gather", Grouping.GroupAll, TaskRef.Function("streaming_cat2"), concurrent: true)
            .Build();

        await _pipeline.Job("streamed-kill-1").SubmitAsync(spec);
        await firstTwoRead.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var before = await _pipeline.Job("streamed-kill-1").GetViewAsync();
        Assert.Equal(victim.Name, before.Stages[0].Tasks.Single(t => t.Label == 2).Node);
        var consumerNode = Assert.Single(before.Stages[1].Tasks).Node;
        Assert.NotEqual(victim.Name, consumerNode);

        await _pipeline.Cluster.KillSiloAsync(victim);
        _gate.SetResult();
        var view = await _pipeline.WaitForEndAsync("streamed-kill-1");

        Assert.True(view.Status == JobStatus.Succeeded, view.Error);
        var producer = view.Stages[0].Tasks.Single(t => t.Label == 2);
        Assert.Equal((2, survivors[0]), (producer.Attempt, producer.Node));
        var consumer = Assert.Single(view.Stages[1].Tasks);
        Assert.Equal((1, consumerNode), (consumer.Attempt, consumer.Node));
        Assert.Equal(["one", "two", "zero"], Assert.Single(await _pipeline.ReadResultsAsync("streamed-kill-1")).Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public async Task KillSilo_HostingTheJobGrain_TheJobResumesElsewhereFromItsStateAndCompletes()
    {
        RegisterGatedCopy("gated_copy4");
        await _pipeline.Job("orphan-1").GetViewAsync();
        var victim = _pipeline.Cluster.RunningSilos.Single(s => s.Silo.GetActivations().Contains(Runtime.GrainId.Create("job", "orphan-1")));
        var options = new Runtime.Client.ClientOptions { ClusterId = _pipeline.Cluster.ClusterId, ClusterSecret = _pipeline.Cluster.ClusterSecret };
        foreach (var silo in _pipeline.Cluster.RunningSilos.Where(s => s != victim))
        {
            options.Gateways.Add($"{silo.Address.Host}:{silo.Address.Port}");
        }

        await using var client = new Runtime.Client.ClusterClient(options);
        await client.ConnectAsync();
        var job = client.GetGrain<IJobGrain>("orphan-1");
        var spec = JobSpec.Create("orphan")
            .InlineInputs(0, "zero")
            .InlineInputs(2, "two")
            .Stage("produce", Grouping.Split, TaskRef.Function("identity"))
            .Stage("consume", Grouping.Split, TaskRef.Function("gated_copy4"))
            .Build();
        await job.SubmitAsync(spec);
        var deadline = TimeProvider.System.GetTimestamp() + TimeProvider.System.TimestampFrequency * 30;
        while (!(await job.GetViewAsync()).Stages[1].Tasks.Any(t => t.Status == PipelineTaskStatus.Done) && TimeProvider.System.GetTimestamp() < deadline)
        {
            await Task.Delay(50);
        }

        await _pipeline.Cluster.KillSiloAsync(victim);
        _gate.SetResult();
        JobView? view = null;
        while (TimeProvider.System.GetTimestamp() < deadline + (TimeProvider.System.TimestampFrequency * 30))
        {
            try
            {
                view = await job.GetViewAsync();
                if (view.Status != JobStatus.Running)
                {
                    break;
                }
            }
            catch (Runtime.Messaging.SiloUnavailableException)
            {
                // Until the victim is declared dead, its grains cannot be reached; then the job grain comes back elsewhere.
            }

            await Task.Delay(100);
        }

        Assert.NotNull(view);
        Assert.True(view.Status == JobStatus.Succeeded, $"{view.Status}: {view.Error} " + string.Join(" | ", view.Events.Select(e => e.Kind + ":" + e.Message)));
        Assert.Contains(view.Events, e => e.Kind == "resumed");
        Assert.DoesNotContain(_pipeline.Cluster.RunningSilos, s => s == victim);
        Assert.Equal(2, view.Stages[1].Tasks.Count(t => t.Status == PipelineTaskStatus.Done));
    }

    [Fact]
    public async Task StopEverySilo_MidJob_TheJobResumesWithoutRedoingFinishedTasks()
    {
        var spec = JobSpec.Create("resume")
            .InlineInputs(0, "zero")
            .InlineInputs(1, "one")
            .InlineInputs(2, "two")
            .Stage("produce", Grouping.Split, TaskRef.Function("identity"))
            .Stage("consume", Grouping.Split, TaskRef.Function("gated_copy3"))
            .Build();
        RegisterGatedCopy("gated_copy3");

        await _pipeline.Job("resume-1").SubmitAsync(spec);
        await WaitUntilAsync("resume-1", v => v.Stages[0].Tasks.All(t => t.Status == PipelineTaskStatus.Done) && v.Stages[1].Tasks.Count(t => t.Status == PipelineTaskStatus.Done) == 2);
        var names = Nodes;
        foreach (var silo in _pipeline.Cluster.RunningSilos.ToList())
        {
            await _pipeline.Cluster.StopSiloAsync(silo);
        }

        _gate.SetResult();
        foreach (var name in names)
        {
            await _pipeline.Cluster.StartSiloAsync(name);
        }

        _pipeline.RegisterFunction("gated_copy3", PipelineCluster.CopyAsync);
        await using var client = await _pipeline.Cluster.ConnectClientAsync();
        var job = client.GetGrain<IJobGrain>("resume-1");
        JobView view;
        var deadline = TimeProvider.System.GetTimestamp() + TimeProvider.System.TimestampFrequency * 60;
        while ((view = await job.GetViewAsync()).Status == JobStatus.Running && TimeProvider.System.GetTimestamp() < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(view.Status == JobStatus.Succeeded, view.Error);
        Assert.Contains(view.Events, e => e.Kind == "resumed");
        foreach (var task in view.Stages[0].Tasks)
        {
            Assert.Equal(1, view.Events.Count(e => e.Kind == "task-dispatched" && e.TaskId == task.TaskId));
        }

        Assert.Equal(2, view.Stages[1].Tasks.Count(t => t.Attempt == 1));
    }

    private async Task WaitUntilAsync(string jobId, Func<JobView, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            JobView view;
            try
            {
                view = await _pipeline.Job(jobId).GetViewAsync();
            }
            catch (Runtime.Messaging.SiloUnavailableException) when (TimeProvider.System.GetTimestamp() < deadline)
            {
                // The job grain lived on the killed silo: it comes back elsewhere, from its persisted state, once the silo is declared dead.
                await Task.Delay(100);
                continue;
            }

            if (condition(view))
            {
                return;
            }

            if (view.Status != JobStatus.Running || TimeProvider.System.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Job {jobId} ({view.Status}, {view.Error}) never reached the awaited state: {string.Join(" | ", view.Events.TakeLast(12).Select(e => e.Message))}");
            }

            await Task.Delay(50);
        }
    }
}
