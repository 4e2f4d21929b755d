using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Storage.Sqlite;
using Orleans.Pipeline.Runtime.Streams;
using Orleans.Pipeline.Runtime.Tests.Streams.Grains;
using Orleans.Pipeline.Runtime.Tests.Support;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Tests.Streams;

/// <summary>Streams on one silo without a cluster: a durable queue outlives the silo, and host code produces.</summary>
public sealed class StreamSingleSiloTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new("streams-single");
    private readonly StreamProbe _probe = new();
    private readonly LiveActivationCount _activations = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task DurableStream_SiloStoppedWithUndeliveredItems_NextSiloDeliversThemOnce()
    {
        var key = $"restart-{Guid.NewGuid():N}";
        _probe.RejectItems = true;
        using (var first = await StartAsync())
        {
            await Grains(first).GetGrain<IStreamProducerGrain>("before").ProduceAsync(new ProduceRequest
            {
                Provider = StreamNames.Durable,
                Namespace = StreamNames.Persisted,
                Keys = [key],
                ItemsPerKey = 200,
                BatchSize = 20,
            });
            await first.StopAsync();
        }

        _probe.RejectItems = false;
        using var second = await StartAsync();
        var consumer = Grains(second).GetGrain<IPersistentConsumerGrain>(key);
        await Wait.UntilAsync(async () => (await consumer.GetReportAsync()).State.Total >= 200, "the restarted silo delivered the stored items");

        var report = await consumer.GetReportAsync();
        Assert.Equal(200, report.State.Total);
        Assert.Empty(report.State.Violations);
        Assert.Equal(200, report.State.CountBySender["before"]);
    }

    [Fact]
    public async Task HostCode_KeyedStreamProvider_ProducesToGrains()
    {
        var key = $"host-{Guid.NewGuid():N}";
        using var silo = await StartAsync();
        var provider = silo.Services.GetRequiredKeyedService<IStreamProvider>(StreamNames.Memory);
        var stream = provider.GetStream<StreamTestItem>(StreamId.Create(StreamNames.Checked, key));
        var record = _probe.Consumer(StreamNames.Memory, key);

        await stream.OnNextBatchAsync(Enumerable.Range(1, 50).Select(n => new StreamTestItem { Number = n, Producer = "host" }));
        await stream.OnCompletedAsync();

        await Wait.UntilAsync(() => record.Completions == 1, "the items and the completion arrived");
        Assert.Equal(50, record.CountFrom("host"));
        Assert.Empty(record.Violations);
        Assert.Equal(provider.GetStream<int>(StreamId.Create(StreamNames.Checked, key)).ProducerId, stream.ProducerId);
        await silo.StopAsync();
    }

    [Fact]
    public async Task DurableProvider_WithoutGrainStorage_SiloRefusesToStartNamingWhatIsMissing()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(services =>
            services.AddSqliteStreams(StreamNames.Durable, _directory.GetPath("queues.db"))));

        Assert.Contains($"Durable stream provider '{StreamNames.Durable}' needs grain storage", error.Message);
    }

    private static IGrainFactory Grains(IHost host) => host.Services.GetRequiredService<IGrainFactory>();

    private Task<IHost> StartAsync()
    {
        var database = _directory.GetPath("silo.db");
        return StartAsync(services =>
        {
            services.AddSingleton(_probe);
            services.AddSingleton(_activations);
            services.AddSqliteGrainStorage(database);
            services.AddStreams(StreamNames.Memory);
            services.AddSqliteStreams(StreamNames.Durable, database, o =>
            {
                o.RecoveryPeriod = TimeSpan.FromMilliseconds(200);
                o.MaxRedeliveryDelay = TimeSpan.FromMilliseconds(200);
            });
        });
    }

    private static async Task<IHost> StartAsync(Action<IServiceCollection> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddGrainSilo(o =>
        {
            o.SiloName = "single";
            o.DeactivationTimeout = TimeSpan.FromSeconds(5);
            o.GrainAssemblies.Add(typeof(StreamProbe).Assembly);
        });
        configure(builder.Services);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
