using Orleans.Pipeline.Groupings;
using Orleans.Pipeline.Runtime.Serialization;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Tests.Specs;

/// <summary>Specs, problems and task groups cross the wire between client and grains and are persisted by grains.</summary>
public sealed class SpecSerializationTests
{
    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.Serialize(value));

    [Fact]
    public void Serialize_JobSpec_RoundTripsEqual()
    {
        var spec = JobSpec.Create("wc")
            .Input(0, Location.OnNode("silo0", "/data/a.txt"), Location.AtUrl("https://example.org/a.txt"))
            .Input(2, Location.Inline("inline"))
            .Stage("map", Grouping.Split, TaskRef.Function("wordcount_map", ("partitions", "8")))
            .Stage("reduce", Grouping.GroupNodeLabel, TaskRef.Program("python3 r.py"), concurrent: true)
            .MaxTaskFailures(7)
            .TaskTimeout(TimeSpan.FromSeconds(42))
            .Build();

        var copy = RoundTrip(spec);

        Assert.NotSame(spec, copy);
        Assert.Equal(spec, copy);
        Assert.True(copy.Stages[1].Concurrent);
        Assert.Equal(TimeSpan.FromSeconds(42), copy.Limits.TaskTimeout);
    }

    [Fact]
    public void Serialize_SpecProblem_KeepsPosition()
    {
        var problem = new SpecProblem("stages[1].grouping", "unknown grouping 'x'", 12, 15);

        Assert.Equal(problem, RoundTrip(problem));
        Assert.Equal(new SpecProblem("name", "m"), RoundTrip(new SpecProblem("name", "m")));
    }

    [Fact]
    public void Serialize_TaskGroup_RoundTripsEqual()
    {
        var group = new TaskGroup(
            7,
            new GroupKey(3, GroupKey.OffClusterNode),
            GroupKey.OffClusterNode,
            [new StageInput("t1/0", 3, [Location.OnNode("silo1", "/d/x"), Location.AtUrl("http://h/x")]), new StageInput("t2/0", 3, Location.Inline("y"))]);

        Assert.Equal(group, RoundTrip(group));
        Assert.Equal(new GroupKey(1, null), RoundTrip(new GroupKey(1, null)));
    }
}
