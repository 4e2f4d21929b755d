namespace Orleans.Pipeline.Bench.Streams;

/// <summary>Items received by the benchmark's consumers, shared by the silos of the in-process cluster.</summary>
public sealed class StreamBenchCounter
{
    private long _received;

    public long Received => Interlocked.Read(ref _received);

    public void Add(long count) => Interlocked.Add(ref _received, count);

    public void Reset() => Interlocked.Exchange(ref _received, 0);
}
