using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Grains.Tests;

public sealed class ProgramTaskCheckTests
{
    private static JobSpec CopyThenProgram() =>
        JobSpec.Create("programs")
            .InlineInputs(0, "x")
            .Stage("copy", Grouping.Split, TaskRef.Function("identity"))
            .Stage("run", Grouping.Split, TaskRef.Program("sh count.sh"))
            .Build();

    [Fact]
    public void Check_NoLiveSiloAllowsPrograms_NamesEachProgramStageAndTheSilos()
    {
        var spec = JobSpec.Create("programs")
            .InlineInputs(0, "x")
            .Stage("first", Grouping.Split, TaskRef.Program("python3 a.py"))
            .Stage("copy", Grouping.Split, TaskRef.Function("identity"))
            .Stage("last", Grouping.GroupAll, TaskRef.Program("sh b.sh"))
            .Build();

        var problems = ProgramTaskCheck.Check(spec, ["silo0", "silo1", "silo2"], [new BrokerStatus("silo0", 2, 0, 0), new BrokerStatus("silo2", 2, 0, 0)]);

        Assert.Equal(["stages[0].task.program", "stages[2].task.program"], problems.Select(p => p.Path));
        Assert.Equal(
            "stage 'last' runs the external program 'sh b.sh', but no live silo allows external programs (live silos: silo0, silo1, silo2; silo1 did not answer); " +
            "start a silo with --allow-programs (configuration Tasks:AllowExternalPrograms=true), or use a function",
            problems[1].Message);
    }

    [Fact]
    public void Check_OneSiloAllowsPrograms_HasNoProblems()
    {
        var problems = ProgramTaskCheck.Check(CopyThenProgram(), ["silo0", "silo1"], [new BrokerStatus("silo0", 2, 0, 0), new BrokerStatus("silo1", 2, 0, 0, AllowsPrograms: true)]);

        Assert.Empty(problems);
    }

    [Fact]
    public void Check_NoProgramStage_HasNoProblems()
    {
        var spec = JobSpec.Create("functions").InlineInputs(0, "x").Stage("copy", Grouping.Split, TaskRef.Function("identity")).Build();

        Assert.Empty(ProgramTaskCheck.Check(spec, ["silo0"], [new BrokerStatus("silo0", 2, 0, 0)]));
    }

    [Fact]
    [Trait("Category", "Cluster")]
    public async Task Submit_ProgramStageWhenNoSiloAllowsPrograms_IsRejectedAndCreatesNothing()
    {
        await using var pipeline = await PipelineCluster.StartAsync(silos: 2, allowsPrograms: _ => false);
        var spec = JobSpec.Create("programs")
            .InlineInputs(0, "x")
            .Input(1, Location.OnNode("silo1", Path.Combine(pipeline.Cluster.Directory, "missing.txt")))
            .Stage("copy", Grouping.Split, TaskRef.Function("identity"))
            .Stage("run", Grouping.Split, TaskRef.Program("sh count.sh"))
            .Build();

        var error = await Assert.ThrowsAsync<SpecValidationException>(() => pipeline.Job("programs-1").SubmitAsync(spec));

        // The input check's problem and this one, in the order of the spec's fields.
        var lines = error.Message.Split(Environment.NewLine);
        Assert.Equal("The job spec has 2 problems:", lines[0]);
        Assert.StartsWith("  inputs[1].locations[0].path: ", lines[1]);
        Assert.Equal(
            "  stages[1].task.program: stage 'run' runs the external program 'sh count.sh', but no live silo allows external programs (live silos: silo0, silo1); " +
            "start a silo with --allow-programs (configuration Tasks:AllowExternalPrograms=true), or use a function",
            lines[2]);
        Assert.Equal(JobStatus.Unknown, (await pipeline.Job("programs-1").GetViewAsync()).Status);
        Assert.Empty(await pipeline.Cluster.Client.GetGrain<IJobRegistryGrain>(JobRegistryGrain.Key).ListAsync());
    }

    [Fact]
    [Trait("Category", "Cluster")]
    public async Task Submit_ProgramStageWhenOneSiloAllowsPrograms_IsAcceptedAndBrokersSayWhichAllow()
    {
        await using var pipeline = await PipelineCluster.StartAsync(silos: 2, allowsPrograms: name => name == "silo1");
        var brokers = await Task.WhenAll(pipeline.Cluster.RunningSilos.Select(s =>
            pipeline.Cluster.Client.GetGrain<IBrokerGrain>(Runtime.Placement.SiloPinnedKey.Create(s.Address.ToString())).GetStatusAsync()));
        Assert.Equal([("silo0", false), ("silo1", true)], brokers.Select(b => (b.Node, b.AllowsPrograms)).Order());

        var view = await pipeline.Job("programs-2").SubmitAsync(CopyThenProgram());

        Assert.Equal(JobStatus.Running, view.Status);
        await pipeline.Job("programs-2").CancelAsync();
    }

    [Fact]
    [Trait("Category", "Cluster")]
    public async Task ProgramStage_OnlyOneSiloAllowsPrograms_EveryProgramTaskRunsThereAndTheJobSucceeds()
    {
        await using var pipeline = await PipelineCluster.StartAsync(silos: 3, allowsPrograms: name => name == "silo2");
        var script = Path.Combine(pipeline.Cluster.Directory, "lines.sh");
        await File.WriteAllTextAsync(script, """
            #!/bin/sh
            n=0
            while IFS= read -r line; do
              case "$line" in
                "TASK "*) ;;
                "INPUT "*) rest=${line#INPUT }; label=${rest%% *}; path=${rest#* }; n=$((n+1)); wc -l < "$path" | tr -d ' ' > "count-$n"; echo "OUTPUT $label count-$n" ;;
                INPUTS_DONE) echo DONE; exit 0 ;;
              esac
            done
            exit 1
            """.Replace("\r", "", StringComparison.Ordinal));
        var spec = JobSpec.Create("programs-placed")
            .Input(0, pipeline.WriteInput("silo0", "a.txt", "a\nb\n"))
            .Input(1, pipeline.WriteInput("silo1", "b.txt", "c\n"))
            .Stage("count", Grouping.Split, TaskRef.Program($"sh {script}"))
            .Build();

        var view = await pipeline.RunAsync("programs-3", spec);

        Assert.True(view.Status == JobStatus.Succeeded, view.Error);
        Assert.All(view.Stages[0].Tasks, t => Assert.Equal(("silo2", 1), (t.Node, t.Attempt)));
        Assert.Equal([(0, "2\n"), (1, "1\n")], (await pipeline.ReadResultsAsync("programs-3")).OrderBy(r => r.Label));
    }
}
