using Orleans.Pipeline.Groupings;
using Orleans.Pipeline.Placement;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Tests.Placement;

public sealed class TaskPlacementTests
{
    private static readonly string[] s_live = ["silo-a", "silo-b", "silo-c"];

    private static StageInput OnNode(string id, string node) => new(id, 0, Location.OnNode(node, $"/data/{id}"));

    [Fact]
    public void ChooseNode_FirstAttemptGroupNodeLive_RunsOnTheGroupNode()
    {
        Assert.Equal("silo-b", TaskPlacement.ChooseNode(7, 0, "silo-b", [OnNode("x", "silo-c")], [], s_live));
    }

    [Fact]
    public void ChooseNode_FirstAttemptGroupNodeNotLive_PrefersANodeHoldingAnInput()
    {
        Assert.Equal("silo-c", TaskPlacement.ChooseNode(7, 0, "silo-gone", [OnNode("x", "silo-gone"), OnNode("y", "silo-c")], [], s_live));
    }

    [Fact]
    public void ChooseNode_Retry_AvoidsNodesWhereItFailedAndPrefersOneHoldingAnInput()
    {
        var inputs = new[] { OnNode("x", "silo-a"), OnNode("y", "silo-c") };

        Assert.Equal("silo-c", TaskPlacement.ChooseNode(7, 1, "silo-a", inputs, ["silo-a"], s_live));
    }

    [Fact]
    public void ChooseNode_RetryWithNoInputOnAnUntriedNode_SpreadsOverUntriedNodesDeterministically()
    {
        var first = TaskPlacement.ChooseNode(4, 1, "silo-a", [OnNode("x", "silo-a")], ["silo-a"], s_live);
        var again = TaskPlacement.ChooseNode(4, 1, "silo-a", [OnNode("x", "silo-a")], ["silo-a"], s_live);

        Assert.Equal(first, again);
        Assert.Contains(first, new[] { "silo-b", "silo-c" });
    }

    [Fact]
    public void ChooseNode_FailedOnEveryNode_ChoosesAmongAllOfThem()
    {
        Assert.Contains(TaskPlacement.ChooseNode(1, 3, "", [], s_live, s_live), s_live);
    }

    [Fact]
    public void ChooseNode_GroupNodeNotACandidate_IsNotChosen()
    {
        // A program task's candidates are the silos that allow programs, which need not include its group's node.
        Assert.Equal("silo-c", TaskPlacement.ChooseNode(0, 0, "silo-a", [OnNode("x", "silo-a")], [], ["silo-c"]));
    }

    [Fact]
    public void ChooseNode_NoCandidates_IsNull()
    {
        Assert.Null(TaskPlacement.ChooseNode(0, 0, "silo-a", [], [], []));
    }

    [Fact]
    public void ChooseNode_OffClusterGroupOnFirstAttempt_UsesAnyCandidate()
    {
        Assert.Contains(TaskPlacement.ChooseNode(5, 0, GroupKey.OffClusterNode, [new StageInput("i", 0, Location.Inline("text"))], [], s_live), s_live);
    }
}
