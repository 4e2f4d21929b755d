using Orleans.Pipeline.Client.Tests.Support;
using Orleans.Pipeline.Jobs;

namespace Orleans.Pipeline.Client.Tests.Commands;

/// <summary>'submit' against a cluster none of whose silos allows external programs.</summary>
[Trait("Category", "Cluster")]
public sealed class SubmitWithoutProgramsTests(ClientClusterWithoutPrograms cluster) : IClassFixture<ClientClusterWithoutPrograms>
{
    [Fact]
    public async Task Submit_ProgramStage_IsRejectedAtSubmissionWithExitTwoNamingTheStageAndTheSilos()
    {
        var file = cluster.WriteFile("program.yaml", """
            name: needs-programs
            inputs: [{locations: [{text: "x"}]}]
            stages:
              - {name: copy, grouping: split, task: {function: identity}}
              - {name: run, grouping: split, task: {program: "sh count.sh"}}
            """);

        var run = await cluster.RunAsync("submit", file, "--watch", "--id", "needs-programs");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(
            [
                "pipeline: The cluster rejected the job; nothing was created. The job spec has 1 problem:",
                "  stages[1].task.program: stage 'run' runs the external program 'sh count.sh', but no live silo allows external programs (live silos: silo0, silo1); " +
                "start a silo with --allow-programs (configuration Tasks:AllowExternalPrograms=true), or use a function",
                "",
            ],
            run.Error.Split(Environment.NewLine));
        Assert.Equal("", run.Output);
        Assert.Equal(JobStatus.Unknown, (await cluster.Job("needs-programs").GetViewAsync()).Status);
        Assert.DoesNotContain(await cluster.ListJobsAsync(), j => j.JobId == "needs-programs");
    }

    [Fact]
    public async Task Submit_FunctionsOnly_RunsAsUsual()
    {
        var file = cluster.WriteFile("functions.yaml", """
            name: functions-only
            inputs: [{locations: [{text: "1\n2\n"}]}]
            stages: [{name: total, grouping: group_all, task: {function: sum}}]
            """);

        var run = await cluster.RunAsync("submit", file, "--watch", "--id", "functions-only");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Job functions-only (functions-only) succeeded", run.Output);
    }
}
