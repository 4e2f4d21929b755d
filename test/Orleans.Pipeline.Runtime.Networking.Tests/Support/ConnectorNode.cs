namespace Orleans.Pipeline.Runtime.Networking.Tests.Support;

/// <summary>A connector with its sink and its own meters.</summary>
public sealed record ConnectorNode(TransportConnector Connector, TestSink Sink, TestMeterFactory Meters);
