using Orleans.Pipeline.Client.Tests.Support;
using Orleans.Pipeline.Jobs;

namespace Orleans.Pipeline.Client.Tests.Commands;

[Collection(ClientClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class PurgeCommandTests(ClientCluster cluster)
{
    [Fact]
    public async Task Purge_FinishedJob_DeletesItsOutputsOnEverySiloAndExitsZero()
    {
        var file = cluster.WriteFile("purge-finished.yaml", """
            name: purge-finished
            inputs:
              - locations: [{text: "1\n2\n"}]
              - locations: [{text: "3\n"}]
              - locations: [{text: "4\n"}]
            stages:
              - {name: copy, grouping: split, task: {function: identity}}
              - {name: total, grouping: group_all, task: {function: sum}}
            """);
        var submitted = await cluster.RunAsync("submit", file, "--id", "purge-finished", "--watch");
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var results = await cluster.Job("purge-finished").GetResultsAsync();
        var outputs = cluster.OutputFilesOf("purge-finished");
        Assert.Single(results);
        Assert.True(outputs.Length >= 4, string.Join(", ", outputs)); // three copies and the total
        Assert.Contains(outputs, o => o == results[0].Location);

        var run = await cluster.RunAsync("purge", "purge-finished");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"Purged job purge-finished (purge-finished, Succeeded): its outputs were deleted on every live silo.{Environment.NewLine}", run.Output);
        Assert.Empty(cluster.OutputFilesOf("purge-finished"));
        Assert.All(outputs, o => Assert.False(File.Exists(o), o));
        var view = await cluster.Job("purge-finished").GetViewAsync();
        Assert.True(view.Purged);
        Assert.Equal(JobStatus.Succeeded, view.Status);

        var listed = await cluster.RunAsync("results", "purge-finished");
        Assert.Equal(1, listed.ExitCode);
        Assert.Contains("Job purge-finished (purge-finished) succeeded, but its outputs were purged, so it has no results any more", listed.Error);
        Assert.Equal("", listed.Output);
        var download = Path.Combine(cluster.Files, "purge-finished-out");
        Assert.Equal(1, (await cluster.RunAsync("results", "purge-finished", "--out", download)).ExitCode);
        Assert.False(Directory.Exists(download));
        Assert.Contains("Outputs:   purged", (await cluster.RunAsync("status", "purge-finished")).Output);
        var again = await cluster.RunAsync("purge", "purge-finished");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Job purge-finished (purge-finished) was purged already", again.Output);
    }

    [Fact]
    public async Task Purge_RunningJob_IsRefusedWithExitOneAndDeletesNothing()
    {
        // The first stage finishes and leaves its outputs; the second runs for a minute, reading them.
        var file = cluster.WriteFile("purge-running.yaml", """
            name: purge-running
            inputs: [{locations: [{text: "a"}]}, {locations: [{text: "b"}]}]
            stages:
              - {name: copy, grouping: split, task: {function: identity}}
              - {name: wait, grouping: group_all, task: {program: "sleep 60"}}
            limits: {maxTaskFailures: 1}
            """);
        var submitted = await cluster.RunAsync("submit", file, "--id", "purge-running");
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var job = cluster.Job("purge-running");
        try
        {
            await JobWaits.WaitUntilRunningAsync(job, stage: 1);
            var outputs = cluster.OutputFilesOf("purge-running");
            Assert.True(outputs.Length >= 2, string.Join(", ", outputs));

            var run = await cluster.RunAsync("purge", "purge-running");

            Assert.Equal(1, run.ExitCode);
            Assert.Equal(
                $"pipeline: Job purge-running is still running and its tasks read its outputs, so nothing was purged; cancel it ('pipeline cancel purge-running') or wait until it ends, then purge it.{Environment.NewLine}",
                run.Error);
            Assert.Equal("", run.Output);
            Assert.All(outputs, o => Assert.True(File.Exists(o), o));
            var view = await job.GetViewAsync();
            Assert.Equal(JobStatus.Running, view.Status);
            Assert.False(view.Purged);
            Assert.DoesNotContain(view.Events, e => e.Kind == "purged");
        }
        finally
        {
            await job.CancelAsync();
        }
    }

    [Fact]
    public async Task Purge_UnknownJob_ExitsFourLikeStatus()
    {
        var run = await cluster.RunAsync("purge", "no-such-job");
        var status = await cluster.RunAsync("status", "no-such-job");

        Assert.Equal(4, run.ExitCode);
        Assert.Equal(status.Error, run.Error);
        Assert.Contains("There is no job 'no-such-job'", run.Error);
        Assert.Equal("", run.Output);
        Assert.Equal(JobStatus.Unknown, (await cluster.Job("no-such-job").GetViewAsync()).Status);
    }
}
