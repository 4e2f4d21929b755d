using System.Collections.Concurrent;

namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

/// <summary>
/// Shared by every silo of a test cluster (one instance in each silo's services): what producers had acknowledged and
/// what consumers received, so a test can check outcomes without calling into the grains.
/// </summary>
public sealed class StreamProbe
{
    private readonly ConcurrentDictionary<string, ConsumerRecord> _consumers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _acknowledged = new(StringComparer.Ordinal);
    private TaskCompletionSource _running = CreateRunning();
    private long _inSystem;
    private long _peakInSystem;

    /// <summary>Per consumer grain key (and provider): what it received.</summary>
    public ConsumerRecord Consumer(string provider, string key) => _consumers.GetOrAdd($"{provider}/{key}", static _ => new ConsumerRecord());

    /// <summary>The highest number producer <paramref name="producer"/> had acknowledged on stream key <paramref name="key"/>.</summary>
    public long Acknowledged(string producer, string key) => _acknowledged.GetValueOrDefault($"{producer}/{key}");

    public void Acknowledge(string producer, string key, long number) =>
        _acknowledged.AddOrUpdate($"{producer}/{key}", number, (_, old) => Math.Max(old, number));

    /// <summary>Items acknowledged to producers but not yet consumed, for the backpressure test.</summary>
    public long InSystem => Interlocked.Read(ref _inSystem);

    public long PeakInSystem => Interlocked.Read(ref _peakInSystem);

    public void Produced(int count)
    {
        var now = Interlocked.Add(ref _inSystem, count);
        long peak;
        while (now > (peak = Interlocked.Read(ref _peakInSystem)) && Interlocked.CompareExchange(ref _peakInSystem, now, peak) != peak)
        {
        }
    }

    public void Consumed(int count) => Interlocked.Add(ref _inSystem, -count);

    /// <summary>Holds consumers that call <see cref="WhileRunningAsync"/> until <see cref="Resume"/>.</summary>
    public void Pause() => Interlocked.Exchange(ref _running, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Resume() => Volatile.Read(ref _running).TrySetResult();

    public Task WhileRunningAsync() => Volatile.Read(ref _running).Task;

    /// <summary>While set, consumers that check it fail every item (so deliveries are retried and entries stay queued).</summary>
    public bool RejectItems { get; set; }

    private static TaskCompletionSource CreateRunning()
    {
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        running.SetResult();
        return running;
    }
}
