using Orleans.Pipeline.Client.Tests.Support;
using Orleans.Pipeline.Jobs;

namespace Orleans.Pipeline.Client.Tests.Commands;

[Collection(ClientClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class CancelCommandTests(ClientCluster cluster)
{
    [Fact]
    public async Task Cancel_RunningJob_EndsItCancelledAndTheWatcherExitsOne()
    {
        var file = SlowJob.Write(cluster, "cancel-running");
        var watching = cluster.RunAsync("submit", file, "--id", "cancel-running", "--watch");
        await JobWaits.WaitUntilRunningAsync(cluster.Job("cancel-running"));

        var run = await cluster.RunAsync("cancel", "cancel-running");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Cancelled job cancel-running (cancel-running).", run.Output);
        var watched = await watching.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(watched.ExitCode == 1, watched.ToString());
        Assert.Contains("Job cancel-running (cancel-running) was cancelled", watched.Output);
        Assert.Equal(JobStatus.Cancelled, (await cluster.Job("cancel-running").GetViewAsync()).Status);
        Assert.Contains(await cluster.ListJobsAsync(), j => j.JobId == "cancel-running" && j.Status == JobStatus.Cancelled);
        var status = await cluster.RunAsync("status", "cancel-running");
        Assert.Contains("Status:    Cancelled", status.Output);
    }

    [Fact]
    public async Task Cancel_FinishedJob_SaysItAlreadyEndedAndExitsZero()
    {
        var file = cluster.WriteFile("cancel-finished.yaml", """
            name: cancel-finished
            inputs: [{locations: [{text: "1\n2\n"}]}]
            stages: [{name: total, grouping: group_all, task: {function: sum}}]
            """);
        var submitted = await cluster.RunAsync("submit", file, "--id", "cancel-finished", "--watch");
        Assert.True(submitted.ExitCode == 0, submitted.ToString());

        var run = await cluster.RunAsync("cancel", "cancel-finished");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Job cancel-finished already ended (Succeeded); there is nothing to cancel.", run.Output);
        Assert.Equal(JobStatus.Succeeded, (await cluster.Job("cancel-finished").GetViewAsync()).Status);
    }

    [Fact]
    public async Task Cancel_UnknownJob_ExitsFour()
    {
        var run = await cluster.RunAsync("cancel", "no-such-job");

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("There is no job 'no-such-job'", run.Error);
    }
}
