using System.Net;
using Microsoft.Extensions.Logging;

namespace Orleans.Pipeline.Runtime.Networking.Tests.Support;

/// <summary>Creates listeners and connectors on loopback for one test and disposes them all at its end.</summary>
public sealed class TransportHarness : IAsyncDisposable
{
    public const string ClusterId = "test-cluster";
    public const string Secret = "correct horse battery staple";

    private static int s_generation;

    private readonly List<Func<ValueTask>> _cleanup = [];

    public TransportHarness()
    {
        LoggerFactory = Logs.CreateFactory();
    }

    public RecordingLoggerProvider Logs { get; } = new();

    public ILoggerFactory LoggerFactory { get; }

    public static TransportOptions Options(Action<TransportOptions>? configure = null)
    {
        var options = new TransportOptions
        {
            ClusterId = ClusterId,
            ClusterSecret = Secret,
            HandshakeTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ReconnectBackoffMin = TimeSpan.FromMilliseconds(20),
            ReconnectBackoffMax = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);
        return options;
    }

    public static PeerIdentity NewSiloIdentity() =>
        PeerIdentity.Silo(new IPEndPoint(IPAddress.Loopback, 0), Interlocked.Increment(ref s_generation));

    public async Task<ListenerNode> StartListenerAsync(Action<TransportOptions>? configure = null, int port = 0, TimeProvider? timeProvider = null)
    {
        var sink = new TestSink();
        var meters = new TestMeterFactory();
        var listener = new TransportListener(NewSiloIdentity(), Options(configure), sink, timeProvider ?? TimeProvider.System, LoggerFactory, meters);
        _cleanup.Add(async () =>
        {
            await listener.DisposeAsync();
            meters.Dispose();
        });
        await listener.StartAsync(new IPEndPoint(IPAddress.Loopback, port));
        return new ListenerNode(listener, sink, meters);
    }

    public ConnectorNode CreateConnector(Action<TransportOptions>? configure = null, TimeProvider? timeProvider = null, PeerIdentity? identity = null)
    {
        var sink = new TestSink();
        var meters = new TestMeterFactory();
        var connector = new TransportConnector(identity ?? PeerIdentity.Client(Guid.NewGuid()), Options(configure), sink, timeProvider ?? TimeProvider.System, LoggerFactory, meters);
        _cleanup.Add(async () =>
        {
            await connector.DisposeAsync();
            meters.Dispose();
        });
        return new ConnectorNode(connector, sink, meters);
    }

    /// <summary>Opens a connection from a new connector to <paramref name="listener"/> and waits until the listener has it too.</summary>
    public async Task<(ConnectorNode Client, Connection Outbound, Connection Inbound)> ConnectAsync(ListenerNode listener, Action<TransportOptions>? configure = null)
    {
        var client = CreateConnector(configure);
        var outbound = await client.Connector.GetConnectionAsync(listener.EndPoint);
        await Wait.UntilAsync(() => listener.Sink.Opened.Any(c => c.Peer == outbound.LocalIdentity), "the listener accepted the connection");
        var inbound = listener.Sink.Opened.Single(c => c.Peer == outbound.LocalIdentity);
        return (client, outbound, inbound);
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i]();
        }

        LoggerFactory.Dispose();
    }
}
