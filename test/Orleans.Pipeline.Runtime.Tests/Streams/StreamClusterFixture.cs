using Orleans.Pipeline.Runtime.Tests.Streams.Grains;
using Orleans.Pipeline.TestKit.Cluster;

namespace Orleans.Pipeline.Runtime.Tests.Streams;

/// <summary>One 3-silo cluster shared by the stream tests that kill nothing; each test uses stream keys of its own.</summary>
public sealed class StreamClusterFixture : IAsyncLifetime
{
    private TestCluster? _cluster;

    public StreamProbe Probe { get; } = new();

    public LiveActivationCount Activations { get; } = new();

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync() => _cluster = await StreamClusters.StartAsync(Probe, Activations);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
