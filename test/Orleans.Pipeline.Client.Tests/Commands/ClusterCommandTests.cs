using Orleans.Pipeline.Client.Tests.Support;

namespace Orleans.Pipeline.Client.Tests.Commands;

[Collection(ClientClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ClusterCommandTests(ClientCluster cluster)
{
    [Fact]
    public async Task Cluster_Database_ListsEverySiloActiveWithItsBrokerSlots()
    {
        var run = await ConsoleRunner.RunAsync(
            "cluster",
            "--database", Path.Combine(cluster.Cluster.Directory, "cluster.db"),
            "--cluster-id", cluster.Cluster.ClusterId,
            "--secret", cluster.Cluster.ClusterSecret);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(": 2 active silos; 4 executor slots,", lines[0]);
        foreach (var silo in cluster.Cluster.RunningSilos)
        {
            var cells = Assert.Single(lines, l => l.StartsWith(silo.Name + " ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal([silo.Name, $"{silo.Address.Host}:{silo.Address.Port}", "Active", "2"], cells[..4]);
        }
    }

    [Fact]
    public async Task Cluster_GatewaysOnly_ExitsTwoAskingForTheDatabase()
    {
        var run = await cluster.RunAsync("cluster");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("give --data-dir DIR", run.Error);
    }
}
