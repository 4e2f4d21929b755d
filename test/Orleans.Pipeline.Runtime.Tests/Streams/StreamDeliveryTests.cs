using Orleans.Pipeline.Runtime.Streams;
using Orleans.Pipeline.Runtime.Tests.Streams.Grains;
using Orleans.Pipeline.Runtime.Tests.Support;

namespace Orleans.Pipeline.Runtime.Tests.Streams;

/// <summary>Streams on a shared 3-silo cluster: subscriptions, ordering, completion, errors, non-durable and durable alike.</summary>
[Trait("Category", "Cluster")]
public sealed class StreamDeliveryTests(StreamClusterFixture fixture) : IClassFixture<StreamClusterFixture>
{
    private StreamProbe Probe => fixture.Probe;

    private IGrainFactory Client => fixture.Cluster.Client;

    [Theory]
    [InlineData(StreamNames.Memory)]
    [InlineData(StreamNames.Durable)]
    public async Task ImplicitSubscription_FirstItem_ActivatesTheConsumerWhoseKeyIsTheStreamKey(string provider)
    {
        var key = Unique("implicit");
        var consumerId = GrainId.Create("checkingconsumer", key);
        Assert.Null(StreamClusters.HostOf(fixture.Cluster, consumerId));

        await Producer().ProduceAsync(new ProduceRequest { Provider = provider, Namespace = StreamNames.Checked, Keys = [key], ItemsPerKey = 10, Complete = true });

        var record = Probe.Consumer(provider, key);
        await Wait.UntilAsync(() => record.Completions == 1, "the consumer received the items and the completion");
        Assert.Equal(10, record.Total);
        Assert.Equal(10, record.TotalAtCompletion);
        Assert.Empty(record.Violations);
        Assert.Single(record.ActivationSilos);
        Assert.NotNull(StreamClusters.HostOf(fixture.Cluster, consumerId));
    }

    [Theory]
    [InlineData(StreamNames.Memory)]
    [InlineData(StreamNames.Durable)]
    public async Task ExplicitSubscription_ConsumerDeactivated_ItemsReactivateItAndItResumes(string provider)
    {
        var key = Unique("explicit");
        var consumer = Client.GetGrain<IExplicitConsumerGrain>(Unique("subscriber"));
        var consumerKey = ((GrainReference)(object)consumer).GrainId;
        var subscription = await consumer.SubscribeAsync(provider, key);
        var producer = Producer();
        var record = Probe.Consumer(provider, consumerKey.Key);

        await producer.ProduceAsync(new ProduceRequest { Provider = provider, Namespace = StreamNames.Explicit, Keys = [key], ItemsPerKey = 5 });
        await Wait.UntilAsync(() => record.Total == 5, "the first five items arrived");
        await consumer.DeactivateAsync();
        await Wait.UntilAsync(() => StreamClusters.HostOf(fixture.Cluster, consumerKey) is null, "the consumer was deactivated");
        await producer.ProduceAsync(new ProduceRequest { Provider = provider, Namespace = StreamNames.Explicit, Keys = [key], ItemsPerKey = 5, FirstNumber = 6 });

        await Wait.UntilAsync(() => record.Total == 10, "the later items reached the new activation");
        Assert.Empty(record.Violations);
        Assert.Single(record.ActivationSilos);
        Assert.NotNull(StreamClusters.HostOf(fixture.Cluster, consumerKey));
        Assert.Equal([subscription], await consumer.GetSubscriptionsAsync(provider, key));
    }

    [Fact]
    public async Task ExplicitSubscription_Unsubscribed_NoLongerReceives()
    {
        var key = Unique("unsubscribe");
        var consumer = Client.GetGrain<IExplicitConsumerGrain>(Unique("subscriber"));
        var record = Probe.Consumer(StreamNames.Memory, ((GrainReference)(object)consumer).GrainId.Key);
        await consumer.SubscribeAsync(StreamNames.Memory, key);
        var producer = Producer();
        await producer.ProduceAsync(new ProduceRequest { Namespace = StreamNames.Explicit, Keys = [key], ItemsPerKey = 3 });
        await Wait.UntilAsync(() => record.Total == 3, "the items arrived while subscribed");

        await consumer.UnsubscribeAllAsync(StreamNames.Memory, key);
        await producer.ProduceAsync(new ProduceRequest { Namespace = StreamNames.Explicit, Keys = [key], ItemsPerKey = 3, FirstNumber = 4 });
        var stream = StreamClusters.StreamGrain(Client, StreamNames.Memory, StreamNames.Explicit, key);
        await Wait.UntilAsync(async () => (await stream.GetStatsAsync()).QueuedItems == 0, "the stream let go of the later items");

        Assert.Empty(await consumer.GetSubscriptionsAsync(StreamNames.Memory, key));
        Assert.Equal(0, (await stream.GetStatsAsync()).Subscribers);
        Assert.Equal(3, record.Total);
    }

    [Theory]
    [InlineData(StreamNames.Memory)]
    [InlineData(StreamNames.Durable)]
    public async Task Completion_ExpectedProducersAllComplete_ConsumerIsToldOnceAfterEveryItem(string provider)
    {
        var key = Unique("complete");
        var request = new ProduceRequest { Provider = provider, Namespace = StreamNames.Checked, Keys = [key], ItemsPerKey = 20, ExpectProducers = 3, Complete = true };
        var record = Probe.Consumer(provider, key);
        var stream = StreamClusters.StreamGrain(Client, provider, StreamNames.Checked, key);

        await Task.WhenAll(Producer().ProduceAsync(request), Producer().ProduceAsync(request));
        await Wait.UntilAsync(() => record.Total == 40, "the first two producers' items arrived");
        var early = await stream.GetStatsAsync();

        await Producer().ProduceAsync(request);
        await Wait.UntilAsync(async () => (await stream.GetStatsAsync()).CompletionsDelivered == 1, "the stream delivered its completion");

        Assert.False(early.Complete);
        Assert.Equal(0, early.CompletionsDelivered);
        Assert.Equal(1, record.Completions);
        Assert.Equal(60, record.TotalAtCompletion);
        Assert.Empty(record.Violations);
        await Assert.ThrowsAsync<StreamException>(() => Producer().ProduceAsync(request with { }));
    }

    [Fact]
    public async Task Completion_NothingDeclared_CompleteWhenEveryProducerThatSentHasCompleted()
    {
        var key = Unique("complete-default");
        var record = Probe.Consumer(StreamNames.Memory, key);
        var first = new ProduceRequest { Namespace = StreamNames.Checked, Keys = [key], ItemsPerKey = 5 };

        await Producer().ProduceAsync(first);
        var completing = Producer();
        await completing.ProduceAsync(first);
        await completing.ProduceAsync(new ProduceRequest { Namespace = StreamNames.Checked, Keys = [key], ItemsPerKey = 0, Complete = true });
        await Wait.UntilAsync(() => record.Total == 10, "the items arrived");
        var stream = StreamClusters.StreamGrain(Client, StreamNames.Memory, StreamNames.Checked, key);

        Assert.False((await stream.GetStatsAsync()).Complete);
        Assert.Equal(0, record.Completions);
    }

    [Fact]
    public async Task ProducerError_ReachesTheConsumerBetweenTheItemsAroundIt()
    {
        var key = Unique("error");
        var producer = Producer();
        var record = Probe.Consumer(StreamNames.Durable, key);

        await producer.ProduceAsync(new ProduceRequest { Provider = StreamNames.Durable, Namespace = StreamNames.Checked, Keys = [key], ItemsPerKey = 3 });
        await producer.ReportErrorAsync(StreamNames.Durable, StreamNames.Checked, key, "the producer failed");
        await producer.ProduceAsync(new ProduceRequest { Provider = StreamNames.Durable, Namespace = StreamNames.Checked, Keys = [key], ItemsPerKey = 2, FirstNumber = 5 });

        await Wait.UntilAsync(() => record.Total == 5, "every item arrived");
        Assert.Equal(["InvalidOperationException: the producer failed (after 3 items)"], record.Errors);

        // The error took number 4 of the producer's sequence: the only gap the items show.
        Assert.Contains("got #5 (item 5) after #3", Assert.Single(record.Violations));
    }

    [Fact]
    public async Task ClientProducer_ItemsReachTheImplicitConsumerInOrder()
    {
        var key = Unique("client");
        var stream = fixture.Cluster.Client.GetStreamProvider(StreamNames.Memory).GetStream<StreamTestItem>(StreamId.Create(StreamNames.Checked, key));
        var record = Probe.Consumer(StreamNames.Memory, key);

        for (var n = 1; n <= 500; n++)
        {
            await stream.OnNextAsync(new StreamTestItem { Number = n, Producer = "client" });
        }

        await stream.OnCompletedAsync();
        await Wait.UntilAsync(() => record.Completions == 1, "the items and the completion arrived");
        Assert.Equal(500, record.CountFrom("client"));
        Assert.Empty(record.Violations);
        var subscribe = await Assert.ThrowsAsync<StreamException>(() => stream.SubscribeAsync(new RecordingObserver(record)));
        Assert.Contains("Only grains", subscribe.Message);
    }

    [Fact]
    public async Task NamedProducer_RestartedFromAnOlderCheckpoint_ConsumerGetsEachItemOnce()
    {
        var key = Unique("named");
        var producerId = Unique("task");
        var record = Probe.Consumer(StreamNames.Durable, key);
        var request = new ProduceRequest { Provider = StreamNames.Durable, Namespace = StreamNames.Checked, Keys = [key], ProducerId = producerId, BatchSize = 10 };

        await Producer().ProduceAsync(request with { ItemsPerKey = 100 });
        await Producer().ProduceAsync(request with { ItemsPerKey = 100, FirstNumber = 51, Complete = true });

        await Wait.UntilAsync(() => record.Completions == 1, "the items and the completion arrived");
        Assert.Equal(150, record.Total);
        Assert.Empty(record.Violations);
    }

    [Fact]
    public async Task DurableCursor_BatchRedeliveredToANewActivation_IsDroppedBeforeTheObserver()
    {
        var key = Unique("redelivered");
        var consumer = Client.GetGrain<IExplicitConsumerGrain>(Unique("subscriber"));
        var consumerId = ((GrainReference)(object)consumer).GrainId;
        var subscription = await consumer.SubscribeAsync(StreamNames.Durable, key);
        var record = Probe.Consumer(StreamNames.Durable, consumerId.Key);
        var extension = new StreamConsumerReference(consumerId, fixture.Cluster.Client);

        await extension.DeliverAsync(Delivery(key, subscription, first: 1, count: 5));
        await consumer.DeactivateAsync();
        await Wait.UntilAsync(() => StreamClusters.HostOf(fixture.Cluster, consumerId) is null, "the consumer was deactivated");
        await extension.DeliverAsync(Delivery(key, subscription, first: 1, count: 8));

        // One resumed activation (the first had nothing to resume); it read the cursor the first one stored.
        Assert.Single(record.ActivationSilos);
        Assert.Equal(8, record.Total);
        Assert.Empty(record.Violations);
    }

    [Fact]
    public async Task GetStreamProvider_UnknownName_FailsNamingTheRegisteredProviders()
    {
        var error = await Assert.ThrowsAsync<StreamException>(() => Producer().ProduceAsync(new ProduceRequest { Provider = "nope", Namespace = StreamNames.Checked, Keys = ["k"], ItemsPerKey = 1 }));

        Assert.Contains("'nope' is not registered", error.Message);
        Assert.Contains("Registered: durable, mem", error.Message);
    }

    private IStreamProducerGrain Producer() => Client.GetGrain<IStreamProducerGrain>(Unique("producer"));

    /// <summary>Items <paramref name="first"/>.. of one producer, as a stream would deliver them to the subscription.</summary>
    private static StreamDelivery Delivery(string key, string subscription, long first, int count)
    {
        var payload = new System.Buffers.ArrayBufferWriter<byte>();
        for (var n = first; n < first + count; n++)
        {
            Serialization.Serializer.Serialize(new StreamTestItem { Number = n, Producer = "direct" }, payload);
        }

        return new StreamDelivery
        {
            Provider = StreamNames.Durable,
            StreamNamespace = StreamNames.Explicit,
            StreamKey = key,
            SubscriptionId = subscription,
            Entries = [new StreamDeliveryEntry { ProducerId = "direct", FirstSequence = first, Count = count, Kind = StreamEntryKind.Items, Payload = payload.WrittenSpan.ToArray() }],
        };
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
