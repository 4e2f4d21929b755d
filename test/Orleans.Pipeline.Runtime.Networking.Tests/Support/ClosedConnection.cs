namespace Orleans.Pipeline.Runtime.Networking.Tests.Support;

/// <summary>An <see cref="IMessageSink.OnConnectionClosed"/> call.</summary>
public sealed record ClosedConnection(Connection Connection, Exception? Error);
