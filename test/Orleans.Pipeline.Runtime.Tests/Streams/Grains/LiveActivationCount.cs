using System.Collections.Concurrent;

namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

/// <summary>How many times each consumer grain was activated, across the silos of a test cluster.</summary>
public sealed class LiveActivationCount
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Activated(string key) => _counts.AddOrUpdate(key, 1, static (_, n) => n + 1);

    public int Of(string key) => _counts.GetValueOrDefault(key);
}
