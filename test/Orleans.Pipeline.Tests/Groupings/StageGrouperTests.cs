using Orleans.Pipeline.Groupings;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Tests.Groupings;

public sealed class StageGrouperTests
{
    private const string Off = GroupKey.OffClusterNode;

    private static readonly string[] Live = ["silo0", "silo1", "silo2"];

    private static readonly Grouping[] AllGroupings = Enum.GetValues<Grouping>();

    /// <summary>An input stored as a file on each of <paramref name="nodes"/> (replicas, in that order).</summary>
    private static StageInput File(string id, int label, params string[] nodes) =>
        new(id, label, nodes.Select(n => Location.OnNode(n, "/data/" + id)).ToList());

    private static StageInput Url(string id, int label) => new(id, label, Location.AtUrl("https://example.org/" + id));

    private static StageInput Text(string id, int label) => new(id, label, Location.Inline(id));

    private static GroupingResult Group(Grouping grouping, IEnumerable<StageInput> inputs, int firstTaskId = 0, IReadOnlyList<string>? live = null) =>
        StageGrouper.Group(grouping, inputs, live ?? Live, firstTaskId);

    /// <summary>Each task as "id:label@node=input,input" ("*" for the off-cluster node), for compact assertions.</summary>
    private static string[] Describe(GroupingResult result) =>
        result.Groups.Select(g => $"{g.TaskId}:{g.Label}@{(g.Node.Length == 0 ? "*" : g.Node)}={string.Join(",", g.Inputs.Select(i => i.Id))}").ToArray();

    public static TheoryData<Grouping> Groupings() => new(AllGroupings);

    [Fact]
    public void Group_Split_MakesOneTaskPerInputEvenWithSameLabelAndNode()
    {
        var result = Group(Grouping.Split, [File("a", 0, "silo0"), File("b", 0, "silo0")], firstTaskId: 5);

        Assert.Equal(["5:0@silo0=a", "6:0@silo0=b"], Describe(result));
        Assert.Equal(7, result.NextTaskId);
        Assert.All(result.Groups, g => Assert.Equal(new GroupKey(0, "silo0"), g.Key));
    }

    [Fact]
    public void Group_Split_OrdersByLabelThenNodeThenId()
    {
        StageInput[] inputs = [File("z", 1, "silo0"), File("y", 0, "silo2"), File("x", 0, "silo1"), File("w", 1, "silo0"), Text("v", 0)];

        var result = Group(Grouping.Split, inputs);

        Assert.Equal(["0:0@silo1=x", "1:0@silo2=y", "2:0@*=v", "3:1@silo0=w", "4:1@silo0=z"], Describe(result));
    }

    [Fact]
    public void Group_GroupLabel_SameLabelOnSeveralNodes_MakesOneTaskOnTheNodeHoldingMost()
    {
        StageInput[] inputs = [File("a", 4, "silo0"), File("b", 4, "silo2"), File("c", 4, "silo2"), File("d", 1, "silo1")];

        var result = Group(Grouping.GroupLabel, inputs, firstTaskId: 10);

        Assert.Equal(["10:1@silo1=d", "11:4@silo2=a,b,c"], Describe(result));
        Assert.Equal([new GroupKey(1, null), new GroupKey(4, null)], result.Groups.Select(g => g.Key));
        Assert.Equal(12, result.NextTaskId);
    }

    [Fact]
    public void Group_GroupLabel_TieBetweenNodes_GoesToTheFirstLiveNode()
    {
        var result = Group(Grouping.GroupLabel, [File("a", 0, "silo2"), File("b", 0, "silo1")]);

        Assert.Equal("silo1", Assert.Single(result.Groups).Node);
        Assert.Equal("silo2", Assert.Single(Group(Grouping.GroupLabel, [File("a", 0, "silo2"), File("b", 0, "silo1")], live: ["silo2", "silo1"]).Groups).Node);
    }

    [Fact]
    public void Group_GroupLabel_TieWithOffClusterInputs_GoesToTheLiveNode()
    {
        var result = Group(Grouping.GroupLabel, [Url("a", 0), File("b", 0, "silo2")]);

        Assert.Equal("silo2", Assert.Single(result.Groups).Node);
    }

    [Fact]
    public void Group_GroupLabel_MostlyOffCluster_RunsAnywhere()
    {
        var result = Group(Grouping.GroupLabel, [Url("a", 0), Text("b", 0), File("c", 0, "silo0")]);

        Assert.Equal(Off, Assert.Single(result.Groups).Node);
    }

    [Fact]
    public void Group_GroupNode_SeveralLabelsOnOneNode_MakesOneTaskWithLabelZero()
    {
        StageInput[] inputs = [File("a", 3, "silo1"), File("b", 1, "silo1"), File("c", 2, "silo0")];

        var result = Group(Grouping.GroupNode, inputs);

        Assert.Equal(["0:0@silo0=c", "1:0@silo1=b,a"], Describe(result));
        Assert.Equal([new GroupKey(0, "silo0"), new GroupKey(0, "silo1")], result.Groups.Select(g => g.Key));
    }

    [Fact]
    public void Group_GroupNodeLabel_MakesOneTaskPerLabelAndNode()
    {
        StageInput[] inputs = [File("a", 1, "silo1"), File("b", 1, "silo0"), File("c", 0, "silo1"), File("d", 1, "silo1"), Url("e", 1)];

        var result = Group(Grouping.GroupNodeLabel, inputs);

        Assert.Equal(["0:0@silo1=c", "1:1@silo0=b", "2:1@silo1=a,d", "3:1@*=e"], Describe(result));
        Assert.Equal(new GroupKey(1, Off), result.Groups[3].Key);
    }

    [Fact]
    public void Group_GroupAll_MakesExactlyOneTaskWithLabelZero()
    {
        StageInput[] inputs = [File("a", 3, "silo1"), File("b", 1, "silo0"), File("c", 2, "silo1"), Url("d", 0)];

        var result = Group(Grouping.GroupAll, inputs, firstTaskId: 3);

        Assert.Equal(["3:0@silo1=d,b,c,a"], Describe(result));
        Assert.Equal(new GroupKey(0, null), result.Groups[0].Key);
        Assert.Equal(4, result.NextTaskId);
    }

    [Theory]
    [MemberData(nameof(Groupings))]
    public void Group_NoInputs_OnlyGroupAllMakesATask(Grouping grouping)
    {
        var result = Group(grouping, [], firstTaskId: 8);

        if (grouping == Grouping.GroupAll)
        {
            var task = Assert.Single(result.Groups);
            Assert.Equal(8, task.TaskId);
            Assert.Equal(0, task.Label);
            Assert.Equal(Off, task.Node);
            Assert.Empty(task.Inputs);
            Assert.Equal(9, result.NextTaskId);
        }
        else
        {
            Assert.Empty(result.Groups);
            Assert.Equal(8, result.NextTaskId);
        }

        Assert.Empty(result.Unavailable);
    }

    [Fact]
    public void Group_AllProducersWroteNothing_GroupAllStillRunsOnce()
    {
        // Producers that wrote nothing give the next stage no inputs at all.
        var producers = Group(Grouping.Split, [File("a", 0, "silo0"), File("b", 0, "silo1")]);
        IReadOnlyList<StageInput> outputs = [];

        var consumers = Group(Grouping.GroupAll, outputs, producers.NextTaskId);
        var others = Group(Grouping.GroupLabel, outputs, producers.NextTaskId);

        Assert.Equal(["2:0@*="], Describe(consumers));
        Assert.Empty(others.Groups);
    }

    [Fact]
    public void Group_MultiReplicaInput_GoesToTheFirstLiveReplica()
    {
        var result = Group(Grouping.GroupNodeLabel, [File("a", 0, "silo2", "silo0")]);

        Assert.Equal("silo2", Assert.Single(result.Groups).Node);
    }

    [Fact]
    public void Group_MultiReplicaInputWithFirstReplicaDead_GoesToTheNextLiveOne()
    {
        var result = Group(Grouping.GroupNode, [File("a", 0, "silo9", "silo1", "silo0")]);

        Assert.Equal(["0:0@silo1=a"], Describe(result));
        Assert.Empty(result.Unavailable);
    }

    [Fact]
    public void Group_InputWithEveryReplicaDead_IsReportedNotGrouped()
    {
        StageInput[] inputs = [File("a", 0, "silo0"), File("lost2", 2, "silo8", "silo9"), File("lost1", 1, "silo9")];

        foreach (var grouping in AllGroupings)
        {
            var result = Group(grouping, inputs);

            Assert.Equal(["lost1", "lost2"], result.Unavailable.Select(i => i.Id));
            Assert.DoesNotContain(result.Groups.SelectMany(g => g.Inputs), i => i.Id.StartsWith("lost", StringComparison.Ordinal));
            Assert.Contains(result.Groups.SelectMany(g => g.Inputs), i => i.Id == "a");
        }
    }

    [Fact]
    public void Group_DeadFileReplicaWithUrlReplica_CountsAsOffCluster()
    {
        var input = new StageInput("a", 0, [Location.OnNode("silo9", "/a"), Location.AtUrl("https://x.org/a")]);

        var result = Group(Grouping.GroupNode, [input]);

        Assert.Equal(["0:0@*=a"], Describe(result));
    }

    [Fact]
    public void Group_UrlReplicaBeforeLiveFileReplica_PrefersTheSilo()
    {
        var input = new StageInput("a", 0, [Location.AtUrl("https://x.org/a"), Location.OnNode("silo1", "/a")]);

        Assert.Equal("silo1", Assert.Single(Group(Grouping.Split, [input]).Groups).Node);
    }

    [Fact]
    public void Group_UrlAndInlineInputs_ShareOnePseudoNodeAfterTheLiveNodes()
    {
        StageInput[] inputs = [Url("u", 0), Text("t", 5), File("f", 0, "silo2")];

        var result = Group(Grouping.GroupNode, inputs);

        Assert.Equal(["0:0@silo2=f", "1:0@*=u,t"], Describe(result));
        Assert.Equal(new GroupKey(0, Off), result.Groups[1].Key);
    }

    [Fact]
    public void Group_TaskIds_CountUpAcrossStages()
    {
        var map = Group(Grouping.Split, [Text("a", 0), Text("b", 0), Text("c", 0)], firstTaskId: 0);
        var outputs = map.Groups.SelectMany(g => new[] { File($"t{g.TaskId}/0", 0, "silo0"), File($"t{g.TaskId}/1", 1, "silo1") }).ToList();
        var reduce = Group(Grouping.GroupLabel, outputs, map.NextTaskId);
        var final = Group(Grouping.GroupAll, reduce.Groups.Select(g => File($"t{g.TaskId}/0", 0, "silo2")), reduce.NextTaskId);

        Assert.Equal([0, 1, 2], map.Groups.Select(g => g.TaskId));
        Assert.Equal([3, 4], reduce.Groups.Select(g => g.TaskId));
        Assert.Equal([5], final.Groups.Select(g => g.TaskId));
        Assert.Equal(6, final.NextTaskId);
    }

    [Theory]
    [MemberData(nameof(Groupings))]
    public void Group_ShuffledInputs_GiveTheSameTasks(Grouping grouping)
    {
        var inputs = new List<StageInput>();
        for (var i = 0; i < 40; i++)
        {
            // Replicas on silo3 are dead (not in Live); inputs only on silo7 are unavailable.
            var first = "silo" + (i * 7 % 4);
            inputs.Add((i % 9, i % 11) switch
            {
                (0, _) => Url("u" + i, i % 5),
                (_, 5) => File("d" + i, i % 5, "silo7"),
                _ => File("f" + i, i % 5, first, "silo" + (i % 3)),
            });
        }

        var expected = Group(grouping, inputs, firstTaskId: 100);
        var random = new Random(12345);
        for (var round = 0; round < 20; round++)
        {
            var shuffled = inputs.OrderBy(_ => random.Next()).ToList();

            var actual = Group(grouping, shuffled, firstTaskId: 100);

            Assert.Equal(expected.Groups, actual.Groups);
            Assert.Equal(expected.Unavailable, actual.Unavailable);
            Assert.Equal(expected.NextTaskId, actual.NextTaskId);
        }

        Assert.NotEmpty(expected.Unavailable);
        Assert.Equal(inputs.Count, expected.Unavailable.Count + expected.Groups.Sum(g => g.Inputs.Count));
    }

    [Fact]
    public void Group_OtherLiveNodeOrder_OrdersNodesThatWay()
    {
        StageInput[] inputs = [File("a", 0, "silo0"), File("b", 0, "silo1")];

        var result = Group(Grouping.GroupNode, inputs, live: ["silo1", "silo0"]);

        Assert.Equal(["0:0@silo1=b", "1:0@silo0=a"], Describe(result));
    }

    [Fact]
    public void Group_DuplicateInputIds_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Group(Grouping.Split, [Text("a", 0), Text("a", 1)]));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Group_EmptyLiveNodeName_Throws()
    {
        Assert.Throws<ArgumentException>(() => Group(Grouping.Split, [Text("a", 0)], live: ["silo0", ""]));
    }

    [Theory]
    [InlineData(Grouping.Split, 2, "silo1")]
    [InlineData(Grouping.GroupLabel, 2, null)]
    [InlineData(Grouping.GroupNode, 0, "silo1")]
    [InlineData(Grouping.GroupNodeLabel, 2, "silo1")]
    [InlineData(Grouping.GroupAll, 0, null)]
    public void KeyOf_EachGrouping_GivesItsKey(Grouping grouping, int label, string? node)
    {
        Assert.Equal(new GroupKey(label, node), StageGrouper.KeyOf(grouping, File("a", 2, "silo9", "silo1"), Live));
    }

    [Fact]
    public void KeyOf_OffClusterInput_UsesThePseudoNode()
    {
        Assert.Equal(new GroupKey(0, Off), StageGrouper.KeyOf(Grouping.GroupNode, Text("a", 3), Live));
        Assert.Equal(Off, StageGrouper.AssignedNode(Url("b", 3), Live));
    }

    [Fact]
    public void KeyOf_UnavailableInput_IsNull()
    {
        Assert.Null(StageGrouper.KeyOf(Grouping.GroupLabel, File("a", 0, "silo9"), Live));
        Assert.Null(StageGrouper.AssignedNode(File("a", 0, "silo9"), Live));
    }

    [Fact]
    public void FindGroup_InputForARunningTasksLabel_FindsItWhateverTheNode()
    {
        var running = Group(Grouping.GroupLabel, [File("a", 0, "silo0"), File("b", 1, "silo1")]).Groups;

        var found = StageGrouper.FindGroup(Grouping.GroupLabel, running, File("c", 1, "silo2"), Live);

        Assert.Same(running[1], found);
    }

    [Fact]
    public void FindGroup_GroupNodeLabelOnAnotherNode_FindsNone()
    {
        var running = Group(Grouping.GroupNodeLabel, [File("a", 1, "silo0")]).Groups;

        Assert.Same(running[0], StageGrouper.FindGroup(Grouping.GroupNodeLabel, running, File("b", 1, "silo0"), Live));
        Assert.Null(StageGrouper.FindGroup(Grouping.GroupNodeLabel, running, File("c", 1, "silo1"), Live));
    }

    [Fact]
    public void FindGroup_Split_AlwaysStartsANewTask()
    {
        var running = Group(Grouping.Split, [File("a", 0, "silo0")]).Groups;

        Assert.Null(StageGrouper.FindGroup(Grouping.Split, running, File("b", 0, "silo0"), Live));
    }

    [Fact]
    public void StartGroup_NewKey_RunsOnTheInputsNode()
    {
        var group = StageGrouper.StartGroup(Grouping.GroupLabel, File("a", 4, "silo9", "silo2"), Live, taskId: 12);

        Assert.NotNull(group);
        Assert.Equal(12, group.TaskId);
        Assert.Equal(new GroupKey(4, null), group.Key);
        Assert.Equal("silo2", group.Node);
        Assert.Equal(["a"], group.Inputs.Select(i => i.Id));
    }

    [Fact]
    public void StartGroup_UnavailableInput_IsNull()
    {
        Assert.Null(StageGrouper.StartGroup(Grouping.GroupAll, File("a", 0, "silo9"), Live, taskId: 1));
    }

    [Theory]
    [MemberData(nameof(Groupings))]
    public void FindGroupAndStartGroup_InputsOneByOne_GroupTheSameInputsTogetherAsGroup(Grouping grouping)
    {
        var inputs = Enumerable.Range(0, 30).Select(i => i % 4 == 0 ? Text("x" + i, i % 3) : File("f" + i, i % 3, "silo" + (i % 3))).ToList();
        var running = new List<TaskGroup>();
        var nextId = 0;
        foreach (var input in inputs)
        {
            if (StageGrouper.FindGroup(grouping, running, input, Live) is { } found)
            {
                running[running.IndexOf(found)] = found with { Inputs = [.. found.Inputs, input] };
            }
            else
            {
                running.Add(StageGrouper.StartGroup(grouping, input, Live, nextId++)!);
            }
        }

        var batch = Group(grouping, inputs);

        static string[] Partition(IEnumerable<TaskGroup> groups) =>
            groups.Select(g => string.Join(",", g.Inputs.Select(i => i.Id).Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(Partition(batch.Groups), Partition(running));
        Assert.Equal(batch.Groups.Select(g => g.Key).ToHashSet(), running.Select(g => g.Key).ToHashSet());
    }

    [Fact]
    public void Consumers_Split_IsOnlyTheTaskFedByTheOutput()
    {
        var outputs = new[] { File("t0/1", 1, "silo0"), File("t1/1", 1, "silo0"), File("t1/2", 2, "silo1") };
        var consumers = Group(Grouping.Split, outputs, firstTaskId: 10).Groups;

        var affected = StageGrouper.Consumers(Grouping.Split, consumers, [outputs[0]]);

        Assert.Equal([10], affected.Select(g => g.TaskId));
    }

    [Fact]
    public void Consumers_GroupLabel_AreTheTasksOfTheLabelsItWrote()
    {
        var outputs = new[] { File("t0/0", 0, "silo0"), File("t0/2", 2, "silo0"), File("t1/1", 1, "silo1"), File("t1/2", 2, "silo1") };
        var consumers = Group(Grouping.GroupLabel, outputs, firstTaskId: 10).Groups;

        var affected = StageGrouper.Consumers(Grouping.GroupLabel, consumers, [outputs[2], outputs[3]]);

        Assert.Equal([1, 2], affected.Select(g => g.Label));
    }

    [Fact]
    public void Consumers_GroupLabel_IncludesATaskNotYetFedTheOutput()
    {
        // In a concurrent stage the consumer of label 3 may be running without this producer's output yet.
        var consumers = Group(Grouping.GroupLabel, [File("t0/3", 3, "silo0"), File("t0/4", 4, "silo0")], firstTaskId: 10).Groups;

        var affected = StageGrouper.Consumers(Grouping.GroupLabel, consumers, [File("t7/3", 3, "silo2")]);

        Assert.Equal([10], affected.Select(g => g.TaskId));
    }

    [Fact]
    public void Consumers_GroupNode_AreTheTasksOnTheNodesItWroteTo()
    {
        var outputs = new[] { File("t0/0", 0, "silo0"), File("t1/0", 0, "silo1"), File("t2/5", 5, "silo2"), Url("t3/0", 0) };
        var consumers = Group(Grouping.GroupNode, outputs).Groups;

        Assert.Equal(["silo1"], StageGrouper.Consumers(Grouping.GroupNode, consumers, [File("tx/9", 9, "silo1")]).Select(g => g.Node));
        Assert.Equal([Off], StageGrouper.Consumers(Grouping.GroupNode, consumers, [Text("ty/0", 0)]).Select(g => g.Node));
    }

    [Fact]
    public void Consumers_GroupNodeLabel_NeedsLabelAndNodeOfTheSameOutput()
    {
        var outputs = new[] { File("a", 0, "silo0"), File("b", 1, "silo0"), File("c", 0, "silo1"), File("d", 1, "silo1") };
        var consumers = Group(Grouping.GroupNodeLabel, outputs).Groups;

        var affected = StageGrouper.Consumers(Grouping.GroupNodeLabel, consumers, [File("x", 0, "silo1"), File("y", 1, "silo0")]);

        Assert.Equal([new GroupKey(0, "silo1"), new GroupKey(1, "silo0")], affected.Select(g => g.Key));
    }

    [Fact]
    public void Consumers_GroupNodeLabel_MatchesEveryReplicaNode()
    {
        var consumers = Group(Grouping.GroupNodeLabel, [File("a", 0, "silo0"), File("b", 0, "silo1")]).Groups;

        var affected = StageGrouper.Consumers(Grouping.GroupNodeLabel, consumers, [File("x", 0, "silo9", "silo1")]);

        Assert.Equal(["silo1"], affected.Select(g => g.Node));
    }

    [Fact]
    public void Consumers_GroupAll_IsTheOneTaskWhenTheTaskWroteAnything()
    {
        var consumers = Group(Grouping.GroupAll, [File("a", 0, "silo0")], firstTaskId: 4).Groups;

        Assert.Equal([4], StageGrouper.Consumers(Grouping.GroupAll, consumers, [Text("x", 7)]).Select(g => g.TaskId));
        Assert.Empty(StageGrouper.Consumers(Grouping.GroupAll, consumers, []));
    }

    [Fact]
    public void Consumers_ConsumerHoldingTheOutputUnderAnotherKey_IsFoundById()
    {
        // The output was grouped while silo0 was live; it is now matched although its key would differ.
        var output = File("t0/0", 0, "silo0", "silo1");
        var consumers = Group(Grouping.GroupNode, [output]).Groups;
        var movedOutput = output with { Replicas = [Location.OnNode("silo2", "/elsewhere")] };

        var affected = StageGrouper.Consumers(Grouping.GroupNode, consumers, [movedOutput]);

        Assert.Equal(["silo0"], affected.Select(g => g.Node));
    }
}
