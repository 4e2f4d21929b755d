using System.Buffers;
using Orleans.Pipeline.Runtime.Networking;

namespace Orleans.Pipeline.SiloHost.Clustering;

/// <summary>A sink for connections opened only to test the handshake: no message is expected on them.</summary>
internal sealed class DiscardingMessageSink : IMessageSink
{
    public static DiscardingMessageSink Instance { get; } = new();

    public void OnConnectionOpened(Connection connection)
    {
    }

    public void OnMessage(Connection connection, ReadOnlySequence<byte> message)
    {
    }

    public void OnConnectionClosed(Connection connection, Exception? error)
    {
    }
}
