using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime.Storage.Sqlite;
using Orleans.Pipeline.Runtime.Streams;
using Orleans.Pipeline.Runtime.Tests.Streams.Grains;
using Orleans.Pipeline.TestKit.Cluster;

namespace Orleans.Pipeline.Runtime.Tests.Streams;

/// <summary>How the stream tests build their clusters: the test grains, a non-durable and a durable (SQLite) provider, and the probes.</summary>
public static class StreamClusters
{
    public static Task<TestCluster> StartAsync(StreamProbe probe, LiveActivationCount activations, Action<StreamProviderOptions>? configure = null, int silos = 3) =>
        TestCluster.StartAsync(o =>
        {
            o.InitialSilos = silos;
            o.GrainAssemblies.Add(typeof(StreamProbe).Assembly);
            o.ConfigureServices = services =>
            {
                services.AddSingleton(probe);
                services.AddSingleton(activations);
                services.AddStreams(StreamNames.Memory, options => Configure(options, configure));
                services.AddSqliteStreams(StreamNames.Durable, options => Configure(options, configure));
            };
        });

    /// <summary>The grain of stream (provider, namespace, key), for its counters.</summary>
    internal static IStreamQueueGrain StreamGrain(IGrainFactory grains, string provider, string streamNamespace, string key) =>
        grains.GetGrain<IStreamQueueGrain>(GrainId.Create(StreamQueueGrain.GrainTypeName, $"{provider}/{streamNamespace}/{key}"));

    /// <summary>The silo that hosts <paramref name="grainId"/> now, or null.</summary>
    public static TestSilo? HostOf(TestCluster cluster, GrainId grainId) =>
        cluster.RunningSilos.FirstOrDefault(s => s.Silo.GetActivations().Contains(grainId));

    private static void Configure(StreamProviderOptions options, Action<StreamProviderOptions>? configure)
    {
        options.RecoveryPeriod = TimeSpan.FromMilliseconds(500);
        options.MaxRedeliveryDelay = TimeSpan.FromMilliseconds(500);
        configure?.Invoke(options);
    }
}
