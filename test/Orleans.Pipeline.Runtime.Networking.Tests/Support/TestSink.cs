using System.Buffers;
using System.Collections.Concurrent;

namespace Orleans.Pipeline.Runtime.Networking.Tests.Support;

/// <summary>Records everything a transport endpoint delivers; copies each message, as a real consumer must.</summary>
public sealed class TestSink : IMessageSink
{
    private readonly ConcurrentQueue<Connection> _opened = new();
    private readonly ConcurrentQueue<ClosedConnection> _closed = new();
    private readonly ConcurrentQueue<ReceivedMessage> _messages = new();
    private readonly ConcurrentDictionary<Connection, ConcurrentQueue<byte[]>> _byConnection = new();
    private int _messageCount;

    /// <summary>Runs on the read loop before the message is recorded; may throw or block to simulate a faulty consumer.</summary>
    public Action<Connection, ReadOnlySequence<byte>>? OnMessageHook { get; set; }

    /// <summary>When <c>false</c>, messages are only counted, not copied (for throughput runs).</summary>
    public bool KeepMessages { get; set; } = true;

    public IReadOnlyCollection<Connection> Opened => _opened;

    public IReadOnlyCollection<ClosedConnection> Closed => _closed;

    public IReadOnlyCollection<ReceivedMessage> Messages => _messages;

    public int MessageCount => Volatile.Read(ref _messageCount);

    public IReadOnlyList<byte[]> MessagesFrom(Connection connection) =>
        _byConnection.TryGetValue(connection, out var queue) ? queue.ToArray() : [];

    public void OnConnectionOpened(Connection connection) => _opened.Enqueue(connection);

    public void OnMessage(Connection connection, ReadOnlySequence<byte> message)
    {
        OnMessageHook?.Invoke(connection, message);
        if (KeepMessages)
        {
            var bytes = message.ToArray();
            _messages.Enqueue(new ReceivedMessage(connection, bytes));
            _byConnection.GetOrAdd(connection, static _ => new ConcurrentQueue<byte[]>()).Enqueue(bytes);
        }

        Interlocked.Increment(ref _messageCount);
    }

    public void OnConnectionClosed(Connection connection, Exception? error) => _closed.Enqueue(new ClosedConnection(connection, error));
}
