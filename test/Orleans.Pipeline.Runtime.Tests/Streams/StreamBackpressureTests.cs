using System.Diagnostics;
using Orleans.Pipeline.Runtime.Tests.Streams.Grains;
using Orleans.Pipeline.Runtime.Tests.Support;
using Orleans.Pipeline.TestKit.Cluster;
using Xunit.Abstractions;

namespace Orleans.Pipeline.Runtime.Tests.Streams;

/// <summary>A fast producer against a slow consumer: bounded queues hold the producer to the consumer's pace.</summary>
[Collection(StreamMemoryCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class StreamBackpressureTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxBatchSize = 8;
    private const int MaxQueuedItems = 32;
    private const int ProducerBufferSize = 16;
    private const int Items = 1000;
    private const int BallastBytes = 100_000;

    private readonly StreamProbe _probe = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await StreamClusters.StartAsync(
        _probe,
        new LiveActivationCount(),
        o =>
        {
            o.MaxBatchSize = MaxBatchSize;
            o.MaxQueuedItems = MaxQueuedItems;
            o.ProducerBufferSize = ProducerBufferSize;
        },
        silos: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task SlowConsumer_FastProducer_ProducerIsHeldToTheConsumersPaceAndMemoryStaysBounded()
    {
        var key = $"slow-{Guid.NewGuid():N}";
        var record = _probe.Consumer(StreamNames.Memory, key);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var sampling = new CancellationTokenSource();
        var peak = SamplePeakMemoryAsync(sampling.Token);
        var clock = Stopwatch.StartNew();

        var sent = await _cluster.Client.GetGrain<IStreamProducerGrain>($"fast-{Guid.NewGuid():N}").ProduceAsync(new ProduceRequest
        {
            Namespace = StreamNames.Slow,
            Keys = [key],
            ItemsPerKey = Items,
            BallastBytes = BallastBytes,
        });
        var producing = clock.Elapsed;
        var consumedWhenProducerFinished = record.Total;
        await Wait.UntilAsync(() => record.Total == Items, "the consumer caught up");
        var consuming = clock.Elapsed;
        await sampling.CancelAsync();
        var growth = await peak - baseline;
        var stats = await StreamClusters.StreamGrain(_cluster.Client, StreamNames.Memory, StreamNames.Slow, key).GetStatsAsync();
        output.WriteLine(
            $"producer done after {producing.TotalSeconds:F2} s with {consumedWhenProducerFinished} consumed; consumer done after {consuming.TotalSeconds:F2} s; " +
            $"peak in system {_probe.PeakInSystem}; stream peak queued {stats.PeakQueuedItems}, peak delivery {stats.PeakDeliveryItems}, full waits {stats.FullWaits}; " +
            $"managed memory grew by at most {growth / 1_000_000.0:F1} MB (unbounded would hold {Items * (long)BallastBytes / 1_000_000} MB)");

        Assert.Equal(Items, sent);
        Assert.Empty(record.Violations);

        // Held back: when the producer's last item was accepted, all but what the bounds hold had been consumed.
        Assert.True(consumedWhenProducerFinished >= Items - ProducerBufferSize - MaxQueuedItems - MaxBatchSize, $"only {consumedWhenProducerFinished} of {Items} were consumed when the producer finished");
        Assert.InRange(_probe.PeakInSystem, 1, ProducerBufferSize + MaxQueuedItems + MaxBatchSize);
        Assert.InRange(stats.PeakQueuedItems, 1, MaxQueuedItems);
        Assert.InRange(stats.PeakDeliveryItems, 1, MaxBatchSize);
        Assert.True(stats.FullWaits > 0, "the producer's batches waited for room");

        // Memory: the items in flight at any time, with their copies, not the whole stream.
        Assert.InRange(growth, long.MinValue, 40_000_000);
    }

    private static async Task<long> SamplePeakMemoryAsync(CancellationToken cancellationToken)
    {
        long peak = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return peak;
    }
}
