using System.Net;
using System.Net.Sockets;
using Orleans.Pipeline.Runtime.Networking.Tests.Support;

namespace Orleans.Pipeline.Runtime.Networking.Tests;

public sealed class TransportConnectorTests : IAsyncLifetime
{
    private readonly TransportHarness _harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task GetConnectionAsync_FiftyConcurrentCalls_ShareOneConnection()
    {
        var listener = await _harness.StartListenerAsync();
        var client = _harness.CreateConnector();
        using var start = new ManualResetEventSlim(false);

        var calls = Enumerable.Range(0, 50)
            .Select(_ => Task.Run(async () =>
            {
                start.Wait();
                return await client.Connector.GetConnectionAsync(listener.EndPoint);
            }))
            .ToArray();
        start.Set();
        var connections = await Task.WhenAll(calls);

        Assert.Single(connections.Distinct());
        Assert.Equal(1, client.Meters.Total(TransportInstruments.ConnectAttempts));
        await Wait.UntilAsync(() => listener.Sink.Opened.Count == 1, "the listener accepted the connection");
        Assert.Single(listener.Listener.Connections);
        Assert.Same(connections[0], await client.Connector.GetConnectionAsync(listener.EndPoint));
    }

    [Fact]
    public async Task GetConnectionAsync_DeadEndpoint_FailsFastAndBacksOffFurtherAttempts()
    {
        // A bound socket that never listens: connects to it are refused, and no other test can take the port.
        using var placeholder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        placeholder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var dead = (IPEndPoint)placeholder.LocalEndPoint!;
        var clock = new ManualClock();
        var client = _harness.CreateConnector(
            o =>
            {
                o.ReconnectBackoffMin = TimeSpan.FromMilliseconds(100);
                o.ReconnectBackoffMax = TimeSpan.FromSeconds(5);
            },
            clock);

        var first = await Assert.ThrowsAsync<ConnectionFailedException>(() => client.Connector.GetConnectionAsync(dead).AsTask()).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Contains(dead.ToString(), first.Message);
        Assert.Contains("ConnectionRefused", first.Message);
        Assert.Equal(1, first.ConsecutiveFailures);
        Assert.InRange(first.RetryAfter - clock.GetUtcNow(), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));

        // While the clock stands still, every call fails at once without touching the network.
        for (var i = 0; i < 100; i++)
        {
            var backedOff = await Assert.ThrowsAsync<ConnectionFailedException>(() => client.Connector.GetConnectionAsync(dead).AsTask());
            Assert.Contains("Not connecting", backedOff.Message);
        }

        Assert.Equal(1, client.Meters.Total(TransportInstruments.ConnectAttempts));

        // Each time the backoff passes, exactly one more attempt is made, and the next pause is longer.
        var pauses = new List<TimeSpan> { first.RetryAfter - clock.GetUtcNow() };
        for (var attempt = 2; attempt <= 4; attempt++)
        {
            clock.Advance(pauses[^1]);
            var failure = await Assert.ThrowsAsync<ConnectionFailedException>(() => client.Connector.GetConnectionAsync(dead).AsTask());
            Assert.Equal(attempt, failure.ConsecutiveFailures);
            await Assert.ThrowsAsync<ConnectionFailedException>(() => client.Connector.GetConnectionAsync(dead).AsTask());
            Assert.Equal(attempt, client.Meters.Total(TransportInstruments.ConnectAttempts));
            pauses.Add(failure.RetryAfter - clock.GetUtcNow());
        }

        // Pause n lies in [min * 2^(n-1) / 2, min * 2^(n-1)]: the fourth is at least 400 ms, above any first pause.
        Assert.InRange(pauses[3], TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800));
        Assert.True(pauses[3] > pauses[0] * 3, $"pauses should grow: {string.Join(", ", pauses)}");
        Assert.Equal(4, client.Meters.Total(TransportInstruments.ConnectFailures));
    }

    [Fact]
    public async Task GetConnectionAsync_PeerRestartsOnSamePort_ReconnectsAfterBackoffAndMessagesFlow()
    {
        var clock = new ManualClock();
        var first = await _harness.StartListenerAsync();
        var port = first.EndPoint.Port;
        var client = _harness.CreateConnector(o => o.ReconnectBackoffMax = TimeSpan.FromSeconds(1), clock);
        var before = await client.Connector.GetConnectionAsync(first.EndPoint);
        before.Send(TestMessage.FromText("before"));
        await Wait.UntilAsync(() => first.Sink.MessageCount == 1, "the first listener got its message");

        await first.Listener.StopAsync();
        await Wait.ForAsync(before.Closed, "the connector's connection to close");
        Assert.Contains(client.Sink.Closed, c => c.Connection == before);
        await Assert.ThrowsAsync<ConnectionFailedException>(() => client.Connector.GetConnectionAsync(first.EndPoint).AsTask());
        for (var i = 0; i < 20; i++)
        {
            await Assert.ThrowsAsync<ConnectionFailedException>(() => client.Connector.GetConnectionAsync(first.EndPoint).AsTask());
        }

        var attemptsWhileDown = client.Meters.Total(TransportInstruments.ConnectAttempts);
        var second = await _harness.StartListenerAsync(port: port);
        clock.Advance(TimeSpan.FromSeconds(1));
        var after = await client.Connector.GetConnectionAsync(second.EndPoint);
        after.Send(TestMessage.FromText("after"));

        Assert.Equal(2, attemptsWhileDown);
        Assert.Equal(3, client.Meters.Total(TransportInstruments.ConnectAttempts));
        Assert.NotSame(before, after);
        Assert.Equal(second.Listener.LocalIdentity, after.Peer);
        await Wait.UntilAsync(() => second.Sink.MessageCount == 1, "the restarted listener got the new message");
        Assert.Equal("after"u8.ToArray(), second.Sink.Messages.Single().Bytes);
    }

    [Fact]
    public async Task GetConnectionAsync_AfterPeerClosedTheConnection_ReturnsANewOne()
    {
        var listener = await _harness.StartListenerAsync();
        var (client, outbound, inbound) = await _harness.ConnectAsync(listener);

        await inbound.CloseAsync();
        await Wait.ForAsync(outbound.Closed, "the outbound connection to close");
        var replacement = await client.Connector.GetConnectionAsync(listener.EndPoint);
        replacement.Send(TestMessage.FromText("again"));

        Assert.NotSame(outbound, replacement);
        Assert.False(replacement.IsClosed);
        Assert.Null(Assert.Single(client.Sink.Closed).Error);
        await Wait.UntilAsync(() => listener.Sink.MessageCount == 1, "the replacement delivered");
        Assert.Equal(2, client.Meters.Total(TransportInstruments.ConnectAttempts));
    }

    [Fact]
    public async Task CloseAsync_Endpoint_ClosesItsConnectionAndTheNextCallConnectsAgain()
    {
        var listener = await _harness.StartListenerAsync();
        var client = _harness.CreateConnector();
        var original = await client.Connector.GetConnectionAsync(listener.EndPoint);

        await client.Connector.CloseAsync(listener.EndPoint);

        Assert.True(original.IsClosed);
        Assert.True(original.Closed.IsCompleted);
        await Wait.UntilAsync(() => listener.Sink.Closed.Count == 1, "the listener saw the close");
        var fresh = await client.Connector.GetConnectionAsync(listener.EndPoint);
        Assert.NotSame(original, fresh);
        Assert.False(fresh.IsClosed);
    }

    [Fact]
    public async Task DisposeAsync_WithOpenConnections_ClosesThemAndRefusesFurtherCalls()
    {
        var listener = await _harness.StartListenerAsync();
        var client = _harness.CreateConnector();
        var connection = await client.Connector.GetConnectionAsync(listener.EndPoint);

        await client.Connector.DisposeAsync();

        Assert.True(connection.IsClosed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.Connector.GetConnectionAsync(listener.EndPoint).AsTask());
        await Wait.UntilAsync(() => listener.Sink.Closed.Count == 1, "the listener saw the close");
    }
}
