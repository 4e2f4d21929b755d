namespace Orleans.Pipeline.Runtime.Networking.Tests;

/// <summary>What one <see cref="TransportBenchmark"/> run measured.</summary>
/// <param name="Messages">Messages delivered (in each direction when bidirectional).</param>
/// <param name="MessageSize">Payload bytes per message, framing excluded.</param>
/// <param name="Elapsed">From the first send to the last delivery.</param>
/// <param name="Frames">Frames the senders wrote.</param>
/// <param name="Flushes">Flushes (batches handed to the socket) the senders made.</param>
/// <param name="Bidirectional">Whether both ends sent at once.</param>
public sealed record TransportBenchmarkResult(long Messages, int MessageSize, TimeSpan Elapsed, long Frames, long Flushes, bool Bidirectional)
{
    private long TotalMessages => Bidirectional ? 2 * Messages : Messages;

    /// <summary>Messages delivered per second, both directions together.</summary>
    public double MessagesPerSecond => TotalMessages / Elapsed.TotalSeconds;

    /// <summary>Payload megabytes (10^6 bytes) delivered per second, both directions together.</summary>
    public double MegabytesPerSecond => TotalMessages * (double)MessageSize / 1e6 / Elapsed.TotalSeconds;

    /// <summary>Average messages per frame.</summary>
    public double MessagesPerFrame => TotalMessages / (double)Math.Max(1, Frames);

    public override string ToString() =>
        $"{TotalMessages:N0} x {MessageSize} B{(Bidirectional ? " (both ways)" : string.Empty)} in {Elapsed.TotalMilliseconds:N0} ms: " +
        $"{MessagesPerSecond:N0} msg/s, {MegabytesPerSecond:N1} MB/s, {MessagesPerFrame:N1} msg/frame, {TotalMessages / (double)Math.Max(1, Flushes):N1} msg/flush";
}
