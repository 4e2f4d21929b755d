namespace Orleans.Pipeline.Runtime.Networking.Tests.Support;

/// <summary>A copy of a delivered message, with the connection it came on.</summary>
public sealed record ReceivedMessage(Connection Connection, byte[] Bytes);
