using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Pipeline.Runtime.Networking.Tests.Support;

namespace Orleans.Pipeline.Runtime.Networking.Tests;

public sealed class TransportListenerTests : IAsyncLifetime
{
    private readonly TransportHarness _harness = new();

    public static TheoryData<string> GarbageBeforeHandshake => ["random bytes", "huge length prefix", "half a hello"];

    public static TheoryData<string> GarbageAfterHandshake =>
        ["negative frame length", "frame over MaxFrameSize", "message over MaxMessageSize", "message past its frame", "cut mid-frame", "random bytes"];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public void Constructor_EmptyClusterSecret_RefusesToStartWithClearMessage()
    {
        var options = TransportHarness.Options(o => o.ClusterSecret = string.Empty);

        var listenerError = Assert.Throws<ArgumentException>(() =>
            new TransportListener(TransportHarness.NewSiloIdentity(), options, new TestSink(), TimeProvider.System, NullLoggerFactory.Instance));
        var connectorError = Assert.Throws<ArgumentException>(() =>
            new TransportConnector(PeerIdentity.Client(Guid.NewGuid()), options, new TestSink(), TimeProvider.System, NullLoggerFactory.Instance));

        Assert.Contains("ClusterSecret is empty", listenerError.Message);
        Assert.Contains("ClusterSecret is empty", connectorError.Message);
    }

    [Fact]
    public async Task StartAsync_PortZero_ExposesTheBoundPort()
    {
        var listener = await _harness.StartListenerAsync();

        Assert.NotEqual(0, listener.EndPoint.Port);
        Assert.Equal(IPAddress.Loopback, listener.EndPoint.Address);
        var (_, outbound, _) = await _harness.ConnectAsync(listener);
        Assert.Equal(listener.Listener.LocalIdentity, outbound.Peer);
    }

    [Fact]
    public async Task GetConnectionAsync_WrongClusterSecret_FailsWithSecretMismatchAndListenerKeepsServing()
    {
        var listener = await _harness.StartListenerAsync();
        var intruder = _harness.CreateConnector(o => o.ClusterSecret = "a guess");

        var error = await Assert.ThrowsAsync<ConnectionFailedException>(() => intruder.Connector.GetConnectionAsync(listener.EndPoint).AsTask());

        var handshakeError = Assert.IsType<HandshakeFailedException>(error.InnerException);
        Assert.Equal(HandshakeFailureReason.SecretMismatch, handshakeError.Reason);
        Assert.Contains("handshake", error.Message);
        Assert.Contains("does not share the cluster secret", error.Message);
        await AssertListenerLoggedAsync(HandshakeFailureReason.SecretMismatch);
        await AssertStillServesAsync(listener);
        Assert.DoesNotContain(listener.Sink.Messages, m => m.Connection.Peer == intruder.Connector.LocalIdentity);
        Assert.DoesNotContain(listener.Sink.Opened, c => c.Peer == intruder.Connector.LocalIdentity);
        Assert.Equal(1, listener.Meters.Total(TransportInstruments.HandshakeFailures));
    }

    [Fact]
    public async Task GetConnectionAsync_WrongClusterId_FailsWithClusterIdMismatchAndListenerKeepsServing()
    {
        var listener = await _harness.StartListenerAsync();
        var stranger = _harness.CreateConnector(o => o.ClusterId = "another-cluster");

        var error = await Assert.ThrowsAsync<ConnectionFailedException>(() => stranger.Connector.GetConnectionAsync(listener.EndPoint).AsTask());

        var handshakeError = Assert.IsType<HandshakeFailedException>(error.InnerException);
        Assert.Equal(HandshakeFailureReason.ClusterIdMismatch, handshakeError.Reason);
        Assert.Contains(TransportHarness.ClusterId, error.Message);
        Assert.Contains("another-cluster", error.Message);
        await AssertListenerLoggedAsync(HandshakeFailureReason.ClusterIdMismatch);
        await AssertStillServesAsync(listener);
        Assert.DoesNotContain(listener.Sink.Opened, c => c.Peer == stranger.Connector.LocalIdentity);
    }

    [Fact]
    public async Task Handshake_RawPeerFollowingTheDocumentedFormat_IsAcceptedAndItsFrameDelivered()
    {
        var listener = await _harness.StartListenerAsync();
        await using var raw = await RawPeer.ConnectAsync(listener.EndPoint);
        var identity = PeerIdentity.Client(Guid.NewGuid());

        var peer = await raw.HandshakeAsync(identity);
        await raw.WriteAsync(RawPeer.Frame("first"u8.ToArray(), [], "third"u8.ToArray()));

        Assert.Equal(listener.Listener.LocalIdentity, peer);
        await Wait.UntilAsync(() => listener.Sink.MessageCount == 3, "the raw frame's messages arrived");
        var inbound = Assert.Single(listener.Sink.Opened);
        Assert.Equal(identity, inbound.Peer);
        Assert.Equal(["first"u8.ToArray(), Array.Empty<byte>(), "third"u8.ToArray()], listener.Sink.MessagesFrom(inbound));
    }

    [Theory]
    [MemberData(nameof(GarbageBeforeHandshake))]
    public async Task Listener_GarbageBeforeHandshake_ClosesThatSocketLogsAndKeepsServing(string garbage)
    {
        var listener = await _harness.StartListenerAsync();
        await using var raw = await RawPeer.ConnectAsync(listener.EndPoint);
        var localEndPoint = raw.LocalEndPoint.ToString();

        switch (garbage)
        {
            case "random bytes":
                var bytes = RandomNumberGenerator.GetBytes(4096);
                bytes[0] = (byte)'X';
                await raw.WriteAsync(bytes);
                await raw.WaitForCloseAsync();
                break;
            case "huge length prefix":
                await raw.WriteAsync([0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3, 4]);
                await raw.WaitForCloseAsync();
                break;
            default:
                var hello = RawPeer.Hello(TransportHarness.ClusterId, PeerIdentity.Client(Guid.NewGuid()), new byte[32]);
                await raw.WriteAsync(hello[..(hello.Length / 2)]);
                raw.Disconnect();
                break;
        }

        var expected = garbage == "half a hello" ? HandshakeFailureReason.PeerClosed : HandshakeFailureReason.NotATransportPeer;
        await Wait.UntilAsync(
            () => _harness.Logs.Warnings(nameof(TransportListener)).Any(e => e.Message.Contains(expected.ToString()) && e.Message.Contains(localEndPoint)),
            $"the listener logged the refusal of {localEndPoint} as {expected}");
        await AssertStillServesAsync(listener);
        Assert.Single(listener.Sink.Opened);
    }

    [Fact]
    public async Task Listener_PeerSilentAfterConnecting_TimesOutTheHandshakeAndClosesTheSocket()
    {
        var listener = await _harness.StartListenerAsync(o => o.HandshakeTimeout = TimeSpan.FromMilliseconds(300));
        await using var raw = await RawPeer.ConnectAsync(listener.EndPoint);

        await raw.WaitForCloseAsync();

        await Wait.UntilAsync(
            () => _harness.Logs.Warnings(nameof(TransportListener)).Any(e => e.Message.Contains(nameof(HandshakeFailureReason.Timeout))),
            "the listener logged the handshake timeout");
        Assert.Empty(listener.Sink.Opened);
        await AssertStillServesAsync(listener);
    }

    [Theory]
    [MemberData(nameof(GarbageAfterHandshake))]
    public async Task Listener_MalformedFramingAfterHandshake_ClosesOnlyThatConnection(string garbage)
    {
        const int maxMessage = 64 * 1024;
        var listener = await _harness.StartListenerAsync(o =>
        {
            o.MaxMessageSize = maxMessage;
            o.MaxFrameSize = 128 * 1024;
        });
        var (_, bystander, bystanderInbound) = await _harness.ConnectAsync(listener);
        await using var raw = await RawPeer.ConnectAsync(listener.EndPoint);
        var identity = PeerIdentity.Client(Guid.NewGuid());
        await raw.HandshakeAsync(identity);
        await raw.WriteAsync(RawPeer.Frame("valid"u8.ToArray()));

        byte[] bytes = garbage switch
        {
            "negative frame length" => RawPeer.Int32(-5),
            "frame over MaxFrameSize" => RawPeer.Int32((128 * 1024) + 1),
            "message over MaxMessageSize" => [.. RawPeer.Int32(maxMessage + 8), .. RawPeer.Int32(maxMessage + 1)],
            "message past its frame" => [.. RawPeer.Int32(8), .. RawPeer.Int32(100), 1, 2, 3, 4],
            "cut mid-frame" => [.. RawPeer.Int32(100), .. RawPeer.Int32(96), 1, 2, 3],
            _ => RandomNumberGenerator.GetBytes(64).Select((b, i) => i < 4 ? (byte)0xF0 : b).ToArray(),
        };
        await raw.WriteAsync(bytes);
        if (garbage == "cut mid-frame")
        {
            raw.Disconnect();
        }
        else
        {
            await raw.WaitForCloseAsync();
        }

        await Wait.UntilAsync(() => listener.Sink.Closed.Any(c => c.Connection.Peer == identity), "the listener closed the malformed connection");
        var closed = listener.Sink.Closed.Single(c => c.Connection.Peer == identity);
        Assert.IsType<TransportProtocolException>(closed.Error);
        Assert.Equal(["valid"u8.ToArray()], listener.Sink.MessagesFrom(closed.Connection));
        Assert.Contains(_harness.Logs.Warnings(nameof(TransportListener)), e => e.Message.Contains("malformed", StringComparison.Ordinal));
        Assert.Equal(1, listener.Meters.Total(TransportInstruments.ProtocolErrors));

        bystander.Send(TestMessage.FromText("unaffected"));
        await Wait.UntilAsync(() => listener.Sink.MessagesFrom(bystanderInbound).Count == 1, "the other connection still delivers");
        Assert.False(bystander.IsClosed);
        await AssertStillServesAsync(listener);
    }

    [Fact]
    public async Task Listener_IncomingMessageOverItsMaxMessageSize_ClosesThatConnectionAndOthersContinue()
    {
        const int listenerMax = 1024 * 1024;
        var listener = await _harness.StartListenerAsync(o => o.MaxMessageSize = listenerMax);
        var (_, bystander, bystanderInbound) = await _harness.ConnectAsync(listener);
        var (_, generous, generousInbound) = await _harness.ConnectAsync(listener, o => o.MaxMessageSize = 4 * listenerMax);

        generous.Send(new TestMessage(new byte[listenerMax + 1]));

        await Wait.UntilAsync(() => listener.Sink.Closed.Count > 0, "the listener closed the connection that carried the oversized message");
        await Wait.ForAsync(generous.Closed, "the sender to see the close");
        var closed = Assert.Single(listener.Sink.Closed);
        Assert.Same(generousInbound, closed.Connection);
        Assert.IsType<TransportProtocolException>(closed.Error);
        Assert.Contains("MaxMessageSize", closed.Error!.Message);
        bystander.Send(TestMessage.FromText("unaffected"));
        await Wait.UntilAsync(() => listener.Sink.MessagesFrom(bystanderInbound).Count == 1, "the other connection still delivers");
    }

    [Fact]
    public async Task StopAsync_WithOpenConnections_ClosesThemAndRefusesNewOnes()
    {
        var listener = await _harness.StartListenerAsync();
        var (client, outbound, inbound) = await _harness.ConnectAsync(listener);

        await listener.Listener.StopAsync();

        Assert.True(inbound.IsClosed);
        await Wait.UntilAsync(() => client.Sink.Closed.Any(c => c.Connection == outbound), "the connector saw the close");
        Assert.Empty(listener.Listener.Connections);
        var fresh = _harness.CreateConnector();
        await Assert.ThrowsAsync<ConnectionFailedException>(() => fresh.Connector.GetConnectionAsync(listener.EndPoint).AsTask());
    }

    private async Task AssertListenerLoggedAsync(HandshakeFailureReason reason) =>
        await Wait.UntilAsync(
            () => _harness.Logs.Warnings(nameof(TransportListener)).Any(e => e.Message.Contains(reason.ToString()) && e.Message.Contains("127.0.0.1")),
            $"the listener logged a {reason} warning naming the remote endpoint");

    private async Task AssertStillServesAsync(ListenerNode listener)
    {
        var (_, outbound, inbound) = await _harness.ConnectAsync(listener);
        var text = $"hello {Guid.NewGuid()}";
        outbound.Send(TestMessage.FromText(text));
        await Wait.UntilAsync(() => listener.Sink.MessagesFrom(inbound).Count == 1, "a correct peer's message arrived");
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text), listener.Sink.MessagesFrom(inbound)[0]);
    }
}
