namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>The first field of every message on the wire.</summary>
internal enum MessageKind : uint
{
    Request = 1,
    Response = 2,
    Ping = 3,
    Pong = 4,
}
