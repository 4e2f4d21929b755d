using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime.Storage.Sqlite;
using Orleans.Pipeline.Runtime.Streams;
using Orleans.Pipeline.TestKit.Cluster;

namespace Orleans.Pipeline.Bench.Streams;

/// <summary>
/// Stream throughput on an in-process cluster of two silos over loopback TCP with a SQLite cluster database: items
/// per second from producers to consumers on the same silo and on the other silo, non-durable (one awaited
/// <c>OnNextAsync</c> per item) and durable (every item stored before it is acknowledged: with
/// <c>OnNextBatchAsync</c>, and with one awaited <c>OnNextAsync</c> per item from many producers, whose items share
/// group commits). Each producer has its own stream and consumer; the clock runs until every consumer has every item.
/// One JSON line per figure.
/// </summary>
public static class StreamBenchmarks
{
    public const string Namespace = "bench";
    public const string Memory = "mem";
    public const string Durable = "durable";

    public static readonly string[] Providers = [Memory, Durable];

    private const int Producers = 4;
    private const int ManyProducers = 32;

    public static async Task RunAsync(TextWriter output, bool quick)
    {
        var scale = quick ? 10 : 1;
        var counter = new StreamBenchCounter();
        await using var cluster = await TestCluster.StartAsync(o =>
        {
            o.InitialSilos = 2;
            o.GrainAssemblies.Add(typeof(StreamBenchmarks).Assembly);
            o.ConfigureServices = services =>
            {
                services.AddSingleton(counter);
                services.AddStreams(Memory);
                services.AddSqliteStreams(Durable);
            };
        });
        var (local, remote) = (cluster.Silos[0].Name, cluster.Silos[1].Name);
        var producers = await PlaceAsync<IStreamBenchProducerGrain>(cluster, local, ManyProducers, g => g.WhereAsync());

        // Warm up both paths (code, connections, SQLite schema) before measuring.
        await RunAsync(cluster, counter, producers[..Producers], await PlaceAsync<IStreamBenchConsumerGrain>(cluster, remote, Producers, g => g.WhereAsync()), Memory, 200_000 / scale, 0);
        await RunAsync(cluster, counter, producers[..Producers], await PlaceAsync<IStreamBenchConsumerGrain>(cluster, remote, Producers, g => g.WhereAsync()), Durable, 20_000 / scale, 256);

        (string Name, string Provider, string Silo, int Producers, int Items, int Batch)[] scenarios =
        [
            ("stream_mem_same_silo", Memory, local, Producers, 2_000_000 / scale, 0),
            ("stream_mem_cross_silo", Memory, remote, Producers, 2_000_000 / scale, 0),
            ("stream_durable_batched_same_silo", Durable, local, Producers, 400_000 / scale, 256),
            ("stream_durable_batched_cross_silo", Durable, remote, Producers, 400_000 / scale, 256),
            ("stream_durable_per_item_cross_silo", Durable, remote, ManyProducers, 64_000 / scale, 0),
        ];
        foreach (var scenario in scenarios)
        {
            var consumers = await PlaceAsync<IStreamBenchConsumerGrain>(cluster, scenario.Silo, scenario.Producers, g => g.WhereAsync());
            var elapsed = await RunAsync(cluster, counter, producers[..scenario.Producers], consumers, scenario.Provider, scenario.Items, scenario.Batch);
            output.WriteLine(
                $"{{\"benchmark\":\"{scenario.Name}\",\"items\":{scenario.Items},\"seconds\":{elapsed.TotalSeconds:F3}," +
                $"\"per_second\":{scenario.Items / elapsed.TotalSeconds:F0},\"producers\":{scenario.Producers}," +
                $"\"batch\":{(scenario.Batch == 0 ? "\"one awaited OnNextAsync per item\"" : scenario.Batch)}}}");
        }
    }

    private static async Task<TimeSpan> RunAsync(TestCluster cluster, StreamBenchCounter counter, string[] producers, string[] consumers, string provider, int items, int batch)
    {
        counter.Reset();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(producers.Select((p, i) =>
            cluster.Client.GetGrain<IStreamBenchProducerGrain>(p).ProduceAsync(provider, consumers[i], items / producers.Length, batch)));
        var expected = items / producers.Length * producers.Length;
        while (counter.Received < expected)
        {
            await Task.Delay(1);
        }

        return clock.Elapsed;
    }

    /// <summary>Grain keys whose activations landed on <paramref name="silo"/> (activating candidates until enough did).</summary>
    private static async Task<string[]> PlaceAsync<TGrain>(TestCluster cluster, string silo, int count, Func<TGrain, Task<string>> where)
        where TGrain : Orleans.Pipeline.Runtime.IGrainWithStringKey
    {
        var placed = new List<string>();
        while (placed.Count < count)
        {
            var key = $"{typeof(TGrain).Name}-{Guid.NewGuid():N}";
            if (await where(cluster.Client.GetGrain<TGrain>(key)) == silo)
            {
                placed.Add(key);
            }
        }

        return [.. placed];
    }
}
