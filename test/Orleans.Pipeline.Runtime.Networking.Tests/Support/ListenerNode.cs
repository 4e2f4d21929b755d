using System.Net;

namespace Orleans.Pipeline.Runtime.Networking.Tests.Support;

/// <summary>A started listener with its sink and its own meters.</summary>
public sealed record ListenerNode(TransportListener Listener, TestSink Sink, TestMeterFactory Meters)
{
    public IPEndPoint EndPoint => Listener.BoundEndPoint;
}
