using System.Collections.Concurrent;

namespace Orleans.Pipeline.Runtime.Tests.Grains;

/// <summary>A silo service the test grains report their lifecycle to, so tests can observe activations.</summary>
public sealed class ActivationLog
{
    private readonly ConcurrentQueue<string> _events = new();

    public IReadOnlyList<string> Events => [.. _events];

    public void Add(string entry) => _events.Enqueue(entry);

    public int Count(string entry) => _events.Count(e => e == entry);
}
