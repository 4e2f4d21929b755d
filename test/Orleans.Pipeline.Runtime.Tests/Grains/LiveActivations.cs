using System.Collections.Concurrent;

namespace Orleans.Pipeline.Runtime.Tests.Grains;

/// <summary>
/// Every live sentinel activation in this process, across all silos of a test cluster. An activation that finds
/// another activation of its grain alive records a violation of single activation.
/// </summary>
public sealed class LiveActivations
{
    private readonly ConcurrentDictionary<string, string> _live = new();
    private readonly ConcurrentQueue<string> _violations = new();

    public IReadOnlyCollection<string> Violations => _violations;

    public void Activated(string key, string silo)
    {
        if (!_live.TryAdd(key, silo))
        {
            _violations.Enqueue($"{key} activated on {silo} while alive on {_live.GetValueOrDefault(key)}");
        }
    }

    public void Deactivated(string key, string silo) => _live.TryRemove(new KeyValuePair<string, string>(key, silo));

    /// <summary>Forgets the activations of a killed silo (they stopped without deactivating).</summary>
    public void SiloKilled(string silo)
    {
        foreach (var (key, where) in _live)
        {
            if (where == silo)
            {
                _live.TryRemove(new KeyValuePair<string, string>(key, where));
            }
        }
    }
}
