using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Pipeline.Runtime.Networking.Tests.Support;

namespace Orleans.Pipeline.Runtime.Networking.Tests;

/// <summary>
/// Loopback throughput of the transport: a listener and a connector in this process, one connection, messages of a
/// fixed size sent as fast as <see cref="Connection.SendAsync"/> accepts them. One message instance is reused, so the
/// figure is the transport's cost (queue, framing, syscalls, dispatch), not the cost of building messages.
/// </summary>
public static class TransportBenchmark
{
    /// <summary>Sends <paramref name="messageCount"/> messages of <paramref name="messageSize"/> bytes (each way when
    /// <paramref name="bidirectional"/>) and measures until the last one is delivered.</summary>
    public static async Task<TransportBenchmarkResult> RunAsync(
        int messageCount = 1_000_000, int messageSize = 64, bool bidirectional = false, CancellationToken cancellationToken = default)
    {
        var options = new TransportOptions { ClusterId = "bench", ClusterSecret = "bench-secret" };
        var serverSink = new TestSink { KeepMessages = false };
        var clientSink = new TestSink { KeepMessages = false };
        using var serverMeters = new TestMeterFactory();
        using var clientMeters = new TestMeterFactory();
        await using var listener = new TransportListener(
            PeerIdentity.Silo(new IPEndPoint(IPAddress.Loopback, 0), 1), options, serverSink, TimeProvider.System, NullLoggerFactory.Instance, serverMeters);
        await listener.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), cancellationToken);
        await using var connector = new TransportConnector(
            PeerIdentity.Client(Guid.NewGuid()), options, clientSink, TimeProvider.System, NullLoggerFactory.Instance, clientMeters);
        var outbound = await connector.GetConnectionAsync(listener.BoundEndPoint, cancellationToken);
        await Wait.UntilAsync(() => serverSink.Opened.Count == 1, "the listener accepted the benchmark connection");
        var inbound = serverSink.Opened.Single();
        var message = new TestMessage(new byte[messageSize]);

        var started = TimeProvider.System.GetTimestamp();
        var sends = new List<Task> { Task.Run(() => SendAsync(outbound, message, messageCount, cancellationToken), cancellationToken) };
        if (bidirectional)
        {
            sends.Add(Task.Run(() => SendAsync(inbound, message, messageCount, cancellationToken), cancellationToken));
        }

        await Task.WhenAll(sends);
        await Wait.UntilAsync(
            () => serverSink.MessageCount == messageCount && (!bidirectional || clientSink.MessageCount == messageCount),
            "every benchmark message was delivered",
            TimeSpan.FromMinutes(5));
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        var frames = serverMeters.Total(TransportInstruments.FramesSent) + clientMeters.Total(TransportInstruments.FramesSent);
        var flushes = serverMeters.Total(TransportInstruments.Flushes) + clientMeters.Total(TransportInstruments.Flushes);
        return new TransportBenchmarkResult(messageCount, messageSize, elapsed, frames, flushes, bidirectional);
    }

    private static async Task SendAsync(Connection connection, IOutgoingMessage message, int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            await connection.SendAsync(message, cancellationToken);
        }
    }
}
