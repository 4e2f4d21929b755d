using Orleans.Pipeline.Runtime.Tests.Streams.Grains;
using Orleans.Pipeline.Runtime.Tests.Support;
using Orleans.Pipeline.TestKit.Cluster;
using Xunit.Abstractions;

namespace Orleans.Pipeline.Runtime.Tests.Streams;

/// <summary>Silos killed in the middle of a durable stream; a fresh 3-silo cluster per test.</summary>
[Trait("Category", "Fault")]
public sealed class StreamFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int ItemsPerProducer = 3000;
    private const int BatchSize = 50;
    private readonly StreamProbe _probe = new();
    private readonly LiveActivationCount _activations = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await StreamClusters.StartAsync(_probe, _activations);

    public async Task DisposeAsync()
    {
        _probe.Resume();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task KillConsumerSilo_MidStream_DurableStreamLosesNothingAndRepeatsNothing()
    {
        var gateway = Gateway();
        var (key, consumer, victim) = await PlaceConsumerAsync(avoid: gateway);
        var producers = await PlaceProducersAsync(2, avoid: victim.Name);
        var request = Request(key) with { Complete = true, ExpectProducers = producers.Length };

        var producing = producers.Select(p => _cluster.Client.GetGrain<IStreamProducerGrain>(p).ProduceAsync(request)).ToArray();
        await Wait.UntilAsync(async () => (await TryReportAsync(consumer))?.State.Total >= 1000, "the consumer is part way through");
        await _cluster.KillSiloAsync(victim);

        Assert.All(await Task.WhenAll(producing), sent => Assert.Equal(ItemsPerProducer, sent));
        await Wait.UntilAsync(async () => (await TryReportAsync(consumer))?.State.Completions > 0, "the consumer came back and finished", TimeSpan.FromSeconds(45));

        var report = await consumer.GetReportAsync();
        output.WriteLine($"consumer moved from {victim.Name} to {report.Silo} after {report.Activations} activations");
        Assert.NotEqual(victim.Name, report.Silo);
        Assert.InRange(report.Activations, 2, 4);
        Assert.Empty(report.State.Violations);
        Assert.Equal(producers.Length * ItemsPerProducer, report.State.Total);
        Assert.All(producers, p => Assert.Equal(ItemsPerProducer, report.State.CountBySender[p]));
        Assert.Equal(1, report.State.Completions);
    }

    [Fact]
    public async Task KillProducerSilo_MidStream_DurableStreamDeliversEveryAcknowledgedItemOnce()
    {
        var gateway = Gateway();
        var victim = _cluster.RunningSilos.First(s => s.Name != gateway);
        var producers = await PlaceProducersAsync(2, only: victim.Name);
        var (key, consumer, _) = await PlaceConsumerAsync(avoid: victim.Name);
        _probe.Pause();

        var producing = producers.Select(p => _cluster.Client.GetGrain<IStreamProducerGrain>(p).ProduceAsync(Request(key))).ToArray();
        await Wait.UntilAsync(() => producers.All(p => _probe.Acknowledged(p, key) >= 1000), "the producers' items are stored while the consumer is held");
        var streamHost = StreamClusters.HostOf(_cluster, GrainId.Create("sys-stream", $"{StreamNames.Durable}/{StreamNames.Persisted}/{key}"));
        await _cluster.KillSiloAsync(victim);
        _probe.Resume();

        Assert.Equal(victim.Name, streamHost?.Name);
        await Task.WhenAll(producing.Select(p => Record.ExceptionAsync(() => p)));
        var acknowledged = producers.ToDictionary(p => p, p => _probe.Acknowledged(p, key));
        await Wait.UntilAsync(
            async () => (await TryReportAsync(consumer))?.State.CountBySender is { } counts && producers.All(p => counts.GetValueOrDefault(p) >= acknowledged[p]),
            "every acknowledged item reached the consumer",
            TimeSpan.FromSeconds(45));

        var report = await consumer.GetReportAsync();
        var stats = await StreamClusters.StreamGrain(_cluster.Client, StreamNames.Durable, StreamNames.Persisted, key).GetStatsAsync();
        output.WriteLine($"acknowledged {string.Join(", ", acknowledged.Values)}; received {string.Join(", ", producers.Select(p => report.State.CountBySender[p]))}; recovered {stats.RecoveredEntries} entries");
        Assert.Empty(report.State.Violations);
        Assert.All(producers, p => Assert.InRange(report.State.CountBySender[p], acknowledged[p], acknowledged[p] + BatchSize));
        Assert.Equal(report.State.CountBySender.Values.Sum(), report.State.Total);
        Assert.True(stats.RecoveredEntries > 0, "the stream restarted on another silo and read back what was stored");
        Assert.Equal(0, report.State.Completions);
    }

    /// <summary>
    /// The consumer's report, or null while a call to it cannot get through (its silo is dying or the cluster is
    /// still learning of a death), so waiting on it rides out what the test provokes.
    /// </summary>
    private static async Task<PersistentConsumerReport?> TryReportAsync(IPersistentConsumerGrain consumer)
    {
        try
        {
            return await consumer.GetReportAsync();
        }
        catch (Exception error) when (error is Messaging.SiloUnavailableException or TimeoutException)
        {
            return null;
        }
    }

    private static ProduceRequest Request(string key) => new()
    {
        Provider = StreamNames.Durable,
        Namespace = StreamNames.Persisted,
        Keys = [key],
        ItemsPerKey = ItemsPerProducer,
        BatchSize = BatchSize,
    };

    private string Gateway()
    {
        var endpoint = _cluster.Client.CurrentGateway!.ToString();
        return _cluster.RunningSilos.Single(s => $"{s.Address.Host}:{s.Address.Port}" == endpoint).Name;
    }

    /// <summary>Activates consumers until one lands on a silo other than <paramref name="avoid"/>.</summary>
    private async Task<(string Key, IPersistentConsumerGrain Consumer, TestKit.Cluster.TestSilo Silo)> PlaceConsumerAsync(string avoid)
    {
        for (var attempt = 0; ; attempt++)
        {
            var key = $"consumer-{Guid.NewGuid():N}";
            var consumer = _cluster.Client.GetGrain<IPersistentConsumerGrain>(key);
            var silo = (await consumer.GetReportAsync()).Silo;
            if (silo != avoid)
            {
                return (key, consumer, _cluster.RunningSilos.Single(s => s.Name == silo));
            }

            Assert.True(attempt < 50, "placement never chose another silo");
        }
    }

    /// <summary>Activates producer grains until <paramref name="count"/> are on the wanted silos.</summary>
    private async Task<string[]> PlaceProducersAsync(int count, string? avoid = null, string? only = null)
    {
        var placed = new List<string>();
        for (var attempt = 0; placed.Count < count; attempt++)
        {
            var key = $"producer-{Guid.NewGuid():N}";
            var silo = await _cluster.Client.GetGrain<IStreamProducerGrain>(key).WhereAsync();
            if (silo != avoid && (only is null || silo == only))
            {
                placed.Add(key);
            }

            Assert.True(attempt < 200, "placement never chose the wanted silo");
        }

        return [.. placed];
    }
}
