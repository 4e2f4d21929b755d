using System.Net;
using System.Net.Sockets;
using Orleans.Pipeline.Client.Tests.Support;

namespace Orleans.Pipeline.Client.Tests.Connection;

[Collection(ClientClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ClusterConnectionTests(ClientCluster cluster)
{
    [Fact]
    public async Task Connect_NoGatewayListening_ExitsThreeNamingTheGateway()
    {
        var port = FreePort();

        var run = await ConsoleRunner.RunAsync("jobs", "--gateway", $"127.0.0.1:{port}", "--secret", "s", "--connect-timeout", "5");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.StartsWith($"pipeline: Cannot reach cluster 'default' through 127.0.0.1:{port}:", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task Connect_WrongSecret_ExitsThree()
    {
        var gateway = cluster.Connection[1];

        var run = await ConsoleRunner.RunAsync("jobs", "--gateway", gateway, "--cluster-id", cluster.Cluster.ClusterId, "--secret", "not-the-secret", "--connect-timeout", "5");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("Cannot reach cluster", run.Error);
        Assert.Contains("the secret is the cluster's", run.Error);
    }

    [Fact]
    public async Task Connect_DataDirectory_ReadsTheSecretAndTheGatewaysFromIt()
    {
        // The test cluster's folder holds its cluster.db, like a silo-host's data directory; the secret file is what silo-host would write beside it.
        var directory = cluster.Cluster.Directory;
        await File.WriteAllTextAsync(Path.Combine(directory, "cluster.secret"), cluster.Cluster.ClusterSecret + "\n");

        var run = await ConsoleRunner.RunAsync("jobs", "--data-dir", directory, "--cluster-id", cluster.Cluster.ClusterId);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.Output.StartsWith("job ", StringComparison.Ordinal) || run.Output.StartsWith("No jobs", StringComparison.Ordinal), run.Output);
    }

    [Fact]
    public async Task Connect_DatabaseWithNoActiveSilo_ExitsThreeSayingSo()
    {
        var run = await ConsoleRunner.RunAsync(
            "jobs", "--database", Path.Combine(cluster.Cluster.Directory, "cluster.db"), "--cluster-id", "another-cluster", "--secret", "s");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("Cannot reach cluster 'another-cluster'", run.Error);
        Assert.Contains("it has no silo", run.Error);
    }

    [Fact]
    public async Task Connect_NothingSaysWhereTheClusterIs_ExitsTwo()
    {
        var run = await ConsoleRunner.RunAsync("jobs", "--secret", "s");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Say where the cluster is", run.Error);
    }

    [Fact]
    public async Task Connect_NoSecret_ExitsTwoSayingHowToGiveIt()
    {
        var run = await ConsoleRunner.RunAsync("jobs", "--gateway", "127.0.0.1:1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("The cluster secret is needed", run.Error);
    }

    [Fact]
    public async Task Connect_MissingDataDirectory_ExitsTwo()
    {
        var run = await ConsoleRunner.RunAsync("jobs", "--data-dir", Path.Combine(cluster.Files, "no-such-dir"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not exist", run.Error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
