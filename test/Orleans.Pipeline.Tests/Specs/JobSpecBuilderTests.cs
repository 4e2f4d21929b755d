using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Tests.Specs;

public sealed class JobSpecBuilderTests
{
    [Fact]
    public void Build_MapReduce_GivesInputsStagesAndDefaultLimits()
    {
        var spec = JobSpec.Create("wc")
            .Input(0, Location.OnNode("silo0", "/data/a.txt"))
            .Stage("map", Grouping.Split, TaskRef.Function("wordcount_map", ("partitions", "8")))
            .Stage("reduce", Grouping.GroupLabel, TaskRef.Function("wordcount_reduce"))
            .Build();

        Assert.Equal("wc", spec.Name);
        var input = Assert.Single(spec.Inputs);
        Assert.Equal(0, input.Label);
        Assert.Equal([Location.OnNode("silo0", "/data/a.txt")], input.Locations);
        Assert.Equal(["map", "reduce"], spec.Stages.Select(s => s.Name));
        Assert.Equal([Grouping.Split, Grouping.GroupLabel], spec.Stages.Select(s => s.Grouping));
        Assert.Equal(TaskKind.Function, spec.Stages[0].Task.Kind);
        Assert.Equal("wordcount_map", spec.Stages[0].Task.FunctionName);
        Assert.Equal("8", spec.Stages[0].Task.Params["partitions"]);
        Assert.Empty(spec.Stages[1].Task.Params);
        Assert.All(spec.Stages, s => Assert.False(s.Concurrent));
        Assert.Equal(JobLimits.Default, spec.Limits);
        Assert.Empty(JobSpecValidator.Validate(spec, TestFunctions.Instance));
    }

    [Fact]
    public void Build_ReplicasAndInlineInputs_KeepTheirOrder()
    {
        var spec = JobSpec.Create("j")
            .Input(3, Location.OnNode("silo1", "/b"), Location.AtUrl("https://x.org/b"))
            .InlineInputs(1, "one", "two")
            .Stage("s", Grouping.GroupAll, TaskRef.Program("./run.sh --fast"), concurrent: true)
            .MaxTaskFailures(1)
            .TaskTimeout(TimeSpan.FromSeconds(30))
            .Build();

        Assert.Equal([3, 1, 1], spec.Inputs.Select(i => i.Label));
        Assert.Equal([LocationKind.File, LocationKind.Url], spec.Inputs[0].Locations.Select(l => l.Kind!.Value));
        Assert.Equal(["one", "two"], spec.Inputs.Skip(1).Select(i => i.Locations[0].Text));
        Assert.Equal(TaskKind.Program, spec.Stages[0].Task.Kind);
        Assert.Equal("./run.sh --fast", spec.Stages[0].Task.CommandLine);
        Assert.True(spec.Stages[0].Concurrent);
        Assert.Equal(new JobLimits(1, TimeSpan.FromSeconds(30)), spec.Limits);
    }

    [Fact]
    public void Build_Twice_GivesEqualButSeparateSpecs()
    {
        var builder = JobSpec.Create("j").InlineInputs(0, "a").Stage("s", Grouping.Split, TaskRef.Function("identity"));

        var first = builder.Build();
        var second = builder.Stage("t", Grouping.GroupAll, TaskRef.Function("cat")).Build();

        Assert.Single(first.Stages);
        Assert.Equal(2, second.Stages.Count);
        Assert.NotEqual(first, second);
        Assert.Equal(first, second with { Stages = [second.Stages[0]] });
    }

    [Fact]
    public void Build_InvalidParts_IsNotRejectedUntilValidated()
    {
        var spec = JobSpec.Create("bad name").Build();

        Assert.Equal(["name", "inputs", "stages"], JobSpecValidator.Validate(spec, TestFunctions.Instance).Select(p => p.Path));
    }

    [Fact]
    public void Function_ParameterGivenTwice_KeepsTheLast()
    {
        var task = TaskRef.Function("f", ("k", "1"), ("k", "2"));

        Assert.Equal("2", Assert.Single(task.Params).Value);
    }

    [Fact]
    public void Equals_ParametersInAnotherOrder_AreEqual()
    {
        var a = TaskRef.Function("f", ("x", "1"), ("y", "2"));
        var b = TaskRef.Function("f", ("y", "2"), ("x", "1"));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, TaskRef.Function("f", ("x", "1"), ("y", "3")));
    }

    [Theory]
    [InlineData(Grouping.Split, "split")]
    [InlineData(Grouping.GroupLabel, "group_label")]
    [InlineData(Grouping.GroupNode, "group_node")]
    [InlineData(Grouping.GroupNodeLabel, "group_node_label")]
    [InlineData(Grouping.GroupAll, "group_all")]
    public void GroupingNames_EveryGrouping_RoundTripsThroughItsName(Grouping grouping, string name)
    {
        Assert.Equal(name, grouping.ToName());
        Assert.True(GroupingNames.TryParse(name, out var parsed));
        Assert.Equal(grouping, parsed);
    }

    [Fact]
    public void GroupingNames_WrongCase_IsNotAGrouping()
    {
        Assert.False(GroupingNames.TryParse("Split", out _));
        Assert.False(GroupingNames.TryParse(null, out _));
    }
}
