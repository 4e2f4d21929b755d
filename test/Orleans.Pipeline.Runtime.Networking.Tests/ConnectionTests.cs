using System.Buffers.Binary;
using System.Security.Cryptography;
using Orleans.Pipeline.Runtime.Networking.Tests.Support;

namespace Orleans.Pipeline.Runtime.Networking.Tests;

public sealed class ConnectionTests : IAsyncLifetime
{
    private readonly TransportHarness _harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Send_HundredThousandMessagesEachWayConcurrently_AllArriveInOrderIntactAndBatched()
    {
        const int count = 100_000;
        var listener = await _harness.StartListenerAsync();
        var (client, outbound, inbound) = await _harness.ConnectAsync(listener);

        await Task.WhenAll(
            Task.Run(() => SendNumberedAsync(outbound, count, direction: 1)),
            Task.Run(() => SendNumberedAsync(inbound, count, direction: 2)));

        await Wait.UntilAsync(() => listener.Sink.MessageCount == count && client.Sink.MessageCount == count, "both sides received every message");
        AssertNumbered(listener.Sink.MessagesFrom(inbound), count, direction: 1);
        AssertNumbered(client.Sink.MessagesFrom(outbound), count, direction: 2);

        foreach (var meters in new[] { listener.Meters, client.Meters })
        {
            Assert.Equal(count, meters.Total(TransportInstruments.MessagesSent));
            Assert.Equal(count, meters.Total(TransportInstruments.MessagesReceived));
            var framesSent = meters.Total(TransportInstruments.FramesSent);
            Assert.InRange(framesSent, 1, count - 1);
            Assert.InRange(meters.Total(TransportInstruments.Flushes), 1, count - 1);
        }
    }

    [Fact]
    public async Task Send_MessagesOfMixedSizes_ArriveIntactAcrossBlockAndFrameBoundaries()
    {
        const int count = 2_000;
        var listener = await _harness.StartListenerAsync();
        var (_, outbound, inbound) = await _harness.ConnectAsync(listener);
        var random = new Random(42);

        // Sizes straddle the pipe's 4 KiB segments, the 32 KiB inline limit and the batch frame size; chunk sizes
        // vary how the message asks for memory.
        var sent = Enumerable.Range(0, count).Select(i =>
        {
            var size = (i % 4) switch
            {
                0 => random.Next(0, 64),
                1 => random.Next(1_000, 5_000),
                2 => random.Next(20_000, 40_000),
                _ => random.Next(60_000, 140_000),
            };
            return new ChunkedMessage(RandomNumberGenerator.GetBytes(size), chunkSize: random.Next(1, 9_000));
        }).ToArray();
        foreach (var message in sent)
        {
            await outbound.SendAsync(message);
        }

        await Wait.UntilAsync(() => listener.Sink.MessageCount == count, "every message arrived");
        var received = listener.Sink.MessagesFrom(inbound);
        for (var i = 0; i < count; i++)
        {
            Assert.True(sent[i].Payload.AsSpan().SequenceEqual(received[i]), $"message {i} ({sent[i].Payload.Length} bytes) arrived damaged or out of order");
        }

        Assert.InRange(listener.Meters.Total(TransportInstruments.FramesReceived), 2, count - 1);
    }

    [Fact]
    public async Task Send_MessageAtMaxMessageSize_ArrivesIntact()
    {
        const int max = 4 * 1024 * 1024;
        var listener = await _harness.StartListenerAsync(o => o.MaxMessageSize = max);
        var (_, outbound, inbound) = await _harness.ConnectAsync(listener, o => o.MaxMessageSize = max);
        var payload = RandomNumberGenerator.GetBytes(max);

        outbound.Send(new TestMessage(payload));
        outbound.Send(TestMessage.FromText("after"));

        await Wait.UntilAsync(() => listener.Sink.MessageCount == 2, "both messages arrived");
        var received = listener.Sink.MessagesFrom(inbound);
        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(received[0]));
        Assert.Equal("after"u8.ToArray(), received[1]);
    }

    [Fact]
    public async Task Send_MessageOverMaxMessageSize_IsDroppedWithClearErrorAndConnectionStaysUsable()
    {
        const int max = 1024 * 1024;
        var listener = await _harness.StartListenerAsync(o => o.MaxMessageSize = max);
        var (client, outbound, inbound) = await _harness.ConnectAsync(listener, o => o.MaxMessageSize = max);
        var tooLarge = new TestMessage(new byte[max + 1]);

        outbound.Send(TestMessage.FromText("before"));
        outbound.Send(tooLarge);
        outbound.Send(TestMessage.FromText("after"));

        var error = await Wait.ForAsync(tooLarge.Failed, "the oversized message to be refused");
        var tooLargeError = Assert.IsType<MessageTooLargeException>(error);
        Assert.Contains("MaxMessageSize", tooLargeError.Message);
        Assert.Contains(max.ToString(), tooLargeError.Message);
        await Wait.UntilAsync(() => listener.Sink.MessageCount == 2, "the messages around it arrived");
        Assert.Equal(["before"u8.ToArray(), "after"u8.ToArray()], listener.Sink.MessagesFrom(inbound));
        Assert.False(outbound.IsClosed);
        Assert.Equal(1, client.Meters.Total(TransportInstruments.MessagesDropped));
    }

    [Fact]
    public async Task Send_MessageWhoseWriterThrows_IsDroppedAndLaterMessagesArriveIntact()
    {
        var listener = await _harness.StartListenerAsync();
        var (_, outbound, inbound) = await _harness.ConnectAsync(listener);
        var smallFailure = new ThrowingMessage(bytesBeforeThrow: 10);
        var spilledFailure = new ThrowingMessage(bytesBeforeThrow: 100_000);

        outbound.Send(TestMessage.FromText("one"));
        outbound.Send(smallFailure);
        outbound.Send(TestMessage.FromText("two"));
        outbound.Send(spilledFailure);
        outbound.Send(TestMessage.FromText("three"));

        Assert.IsType<InvalidOperationException>((await Wait.ForAsync(smallFailure.Failed, "the small failure")).InnerException);
        Assert.IsType<InvalidOperationException>((await Wait.ForAsync(spilledFailure.Failed, "the large failure")).InnerException);
        await Wait.UntilAsync(() => listener.Sink.MessageCount == 3, "the healthy messages arrived");
        Assert.Equal(["one"u8.ToArray(), "two"u8.ToArray(), "three"u8.ToArray()], listener.Sink.MessagesFrom(inbound));
        Assert.False(outbound.IsClosed);
    }

    [Fact]
    public async Task Send_WhenPeerStopsReading_ThrowsBackpressureAndSendAsyncWaitsForRoom()
    {
        const int queueLimit = 50;
        var release = new ManualResetEventSlim(false);
        var listener = await _harness.StartListenerAsync(o => o.MaxMessageSize = 256 * 1024);
        listener.Sink.KeepMessages = false;

        // A consumer stuck on its first message: the read loop stops, then the socket buffers fill, then the queue.
        listener.Sink.OnMessageHook = (_, _) => release.Wait();
        var (_, outbound, _) = await _harness.ConnectAsync(listener, o =>
        {
            o.MaxMessageSize = 256 * 1024;
            o.MaxQueuedMessages = queueLimit;
        });
        var payload = new byte[64 * 1024];
        var accepted = 0;
        var refusals = 0;
        await Wait.UntilAsync(
            () =>
            {
                try
                {
                    outbound.Send(new TestMessage(payload));
                    accepted++;
                    refusals = 0;
                }
                catch (TransportBackpressureException)
                {
                    refusals++;
                }

                return refusals >= 20;
            },
            "sends were refused for lack of room");

        Assert.Equal(queueLimit, outbound.QueuedMessages);
        var waiting = outbound.SendAsync(new TestMessage(payload)).AsTask();
        Assert.False(waiting.IsCompleted);

        release.Set();
        await Wait.ForAsync(waiting, "SendAsync to get room once the consumer resumed");
        await Wait.UntilAsync(() => listener.Sink.MessageCount == accepted + 1, "every accepted message arrived");
        Assert.False(outbound.IsClosed);
    }

    [Fact]
    public async Task CloseAsync_ByPeer_FiresOnConnectionClosedOnTheOtherSideAndSendThrows()
    {
        var listener = await _harness.StartListenerAsync();
        var (client, outbound, inbound) = await _harness.ConnectAsync(listener);

        await outbound.CloseAsync();

        await Wait.UntilAsync(() => listener.Sink.Closed.Count == 1, "the listener saw the close");
        var closed = listener.Sink.Closed.Single();
        Assert.Same(inbound, closed.Connection);
        Assert.Null(closed.Error);
        Assert.True(inbound.IsClosed);
        Assert.Equal(client.Connector.LocalIdentity, closed.Connection.Peer);
        var error = Assert.Throws<ConnectionClosedException>(() => inbound.Send(TestMessage.FromText("late")));
        Assert.Contains("closed", error.Message);
        Assert.Throws<ConnectionClosedException>(() => outbound.Send(TestMessage.FromText("late")));
        await Assert.ThrowsAsync<ConnectionClosedException>(() => inbound.SendAsync(TestMessage.FromText("late")).AsTask());
        Assert.Equal(0, listener.Sink.MessageCount);
        Assert.Equal(0, listener.Meters.Total(TransportInstruments.ConnectionsOpen));
    }

    [Fact]
    public async Task CloseAsync_WithQueuedMessages_WritesThemBeforeClosing()
    {
        const int count = 10_000;
        var listener = await _harness.StartListenerAsync();
        var (_, outbound, inbound) = await _harness.ConnectAsync(listener);

        for (var i = 0; i < count; i++)
        {
            outbound.Send(new TestMessage(BitConverter.GetBytes(i)));
        }

        await outbound.CloseAsync();

        await Wait.UntilAsync(() => listener.Sink.Closed.Count == 1, "the listener saw the close");
        Assert.Equal(Enumerable.Range(0, count), listener.Sink.MessagesFrom(inbound).Select(bytes => BitConverter.ToInt32(bytes)));
    }

    [Fact]
    public async Task OnMessage_SinkThrows_ClosesOnlyThatConnection()
    {
        var listener = await _harness.StartListenerAsync();
        listener.Sink.OnMessageHook = (_, message) =>
        {
            if (message.FirstSpan.SequenceEqual("poison"u8))
            {
                throw new InvalidOperationException("consumer bug");
            }
        };
        var (_, victim, victimInbound) = await _harness.ConnectAsync(listener);
        var (_, bystander, bystanderInbound) = await _harness.ConnectAsync(listener);

        victim.Send(TestMessage.FromText("poison"));

        await Wait.UntilAsync(() => listener.Sink.Closed.Count > 0, "the listener closed the poisoned connection");
        await Wait.ForAsync(victim.Closed, "the sender to see the close");
        var closed = Assert.Single(listener.Sink.Closed);
        Assert.Same(victimInbound, closed.Connection);
        Assert.IsType<InvalidOperationException>(closed.Error?.InnerException);
        bystander.Send(TestMessage.FromText("still here"));
        await Wait.UntilAsync(() => listener.Sink.MessagesFrom(bystanderInbound).Count == 1, "the other connection still delivers");
        Assert.False(bystander.IsClosed);
        Assert.Contains(_harness.Logs.Entries, entry => entry.Message.Contains("sink threw", StringComparison.Ordinal) && entry.Exception is InvalidOperationException);
    }

    private static async Task SendNumberedAsync(Connection connection, int count, int direction)
    {
        for (var i = 0; i < count; i++)
        {
            await connection.SendAsync(new TestMessage(Numbered(i, direction)));
        }
    }

    private static byte[] Numbered(int sequence, int direction)
    {
        var bytes = new byte[8 + (sequence % 32)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, sequence);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), direction);
        for (var i = 8; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(sequence + i);
        }

        return bytes;
    }

    private static void AssertNumbered(IReadOnlyList<byte[]> received, int count, int direction)
    {
        Assert.Equal(count, received.Count);
        for (var i = 0; i < count; i++)
        {
            if (!received[i].AsSpan().SequenceEqual(Numbered(i, direction)))
            {
                Assert.Fail($"message {i} in direction {direction} arrived out of order or damaged");
            }
        }
    }
}
