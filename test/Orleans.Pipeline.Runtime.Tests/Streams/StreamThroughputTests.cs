using System.Diagnostics;
using Orleans.Pipeline.Runtime.Tests.Streams.Grains;
using Orleans.Pipeline.Runtime.Tests.Support;
using Xunit.Abstractions;

namespace Orleans.Pipeline.Runtime.Tests.Streams;

/// <summary>Many producers to many consumers across a shared 3-silo cluster.</summary>
[Trait("Category", "Cluster")]
public sealed class StreamThroughputTests(StreamClusterFixture fixture, ITestOutputHelper output) : IClassFixture<StreamClusterFixture>
{
    private const int Producers = 8;
    private const int Consumers = 8;
    private const int ItemsPerStreamPerProducer = 1563;

    [Theory]
    [InlineData(StreamNames.Memory, 0)]
    [InlineData(StreamNames.Durable, 100)]
    public async Task EightProducersToEightConsumers_100kItems_EachDeliveredOnceInProducerOrder(string provider, int batchSize)
    {
        var run = Guid.NewGuid().ToString("N");
        var keys = Enumerable.Range(0, Consumers).Select(i => $"many-{run}-{i}").ToList();
        var producers = Enumerable.Range(0, Producers).Select(i => $"producer-{run}-{i}").ToArray();
        var request = new ProduceRequest
        {
            Provider = provider,
            Namespace = StreamNames.Checked,
            Keys = keys,
            ItemsPerKey = ItemsPerStreamPerProducer,
            BatchSize = batchSize,
            ExpectProducers = Producers,
            Complete = true,
        };
        var clock = Stopwatch.StartNew();

        var sent = await Task.WhenAll(producers.Select(p => fixture.Cluster.Client.GetGrain<IStreamProducerGrain>(p).ProduceAsync(request)));
        var records = keys.Select(k => fixture.Probe.Consumer(provider, k)).ToArray();
        await Wait.UntilAsync(() => records.All(r => r.Completions > 0), "every consumer was told its stream completed", TimeSpan.FromSeconds(60));
        output.WriteLine($"{provider}: {sent.Sum()} items in {clock.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(Producers * Consumers * ItemsPerStreamPerProducer, sent.Sum());
        Assert.True(sent.Sum() >= 100_000);
        foreach (var record in records)
        {
            Assert.Empty(record.Violations);
            Assert.Equal(Producers * ItemsPerStreamPerProducer, record.Total);
            Assert.All(producers, p => Assert.Equal(ItemsPerStreamPerProducer, record.CountFrom(p)));
            Assert.Equal(1, record.Completions);
            Assert.Equal(record.Total, record.TotalAtCompletion);
            Assert.Single(record.ActivationSilos);
        }

        var hosts = keys.Select(k => StreamClusters.HostOf(fixture.Cluster, GrainId.Create("checkingconsumer", k))?.Name).ToArray();
        Assert.All(hosts, Assert.NotNull);
        foreach (var key in keys)
        {
            var stats = await StreamClusters.StreamGrain(fixture.Cluster.Client, provider, StreamNames.Checked, key).GetStatsAsync();
            Assert.InRange(stats.PeakDeliveryItems, 1, 256);
            Assert.Equal(0, stats.QueuedItems);
        }
    }
}
