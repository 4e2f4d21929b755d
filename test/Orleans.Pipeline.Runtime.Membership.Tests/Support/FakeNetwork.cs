using System.Collections.Concurrent;
using Orleans.Pipeline.Runtime.Membership;

namespace Orleans.Pipeline.Runtime.Membership.Tests.Support;

/// <summary>
/// Who can reach whom, as the probers of a test cluster see it: silos can be killed (answer nobody), pairs cut apart
/// (a partition), or made to hang (a probe never answers, and ignores cancellation). Every probe is recorded.
/// </summary>
public sealed class FakeNetwork
{
    private readonly ConcurrentDictionary<SiloAddress, bool> _down = new();
    private readonly ConcurrentDictionary<SiloAddress, bool> _hanging = new();
    private readonly ConcurrentDictionary<(SiloAddress, SiloAddress), bool> _cut = new();
    private readonly ConcurrentQueue<(SiloAddress From, SiloAddress To)> _probes = new();

    /// <summary>Every probe sent so far, in order.</summary>
    public IReadOnlyList<(SiloAddress From, SiloAddress To)> Probes => [.. _probes];

    public void Kill(SiloAddress silo) => _down[silo] = true;

    public void Hang(SiloAddress silo) => _hanging[silo] = true;

    /// <summary>Cuts <paramref name="silo"/> off from each of <paramref name="others"/>, both ways.</summary>
    public void Partition(SiloAddress silo, params SiloAddress[] others)
    {
        foreach (var other in others)
        {
            _cut[Key(silo, other)] = true;
        }
    }

    public void Heal(SiloAddress silo, params SiloAddress[] others)
    {
        foreach (var other in others)
        {
            _cut.TryRemove(Key(silo, other), out _);
        }
    }

    public void ClearProbes() => _probes.Clear();

    public bool CanReach(SiloAddress from, SiloAddress to) =>
        !_down.ContainsKey(from) && !_down.ContainsKey(to) && !_cut.ContainsKey(Key(from, to));

    public async Task<bool> ProbeAsync(SiloAddress from, SiloAddress to, CancellationToken cancellationToken)
    {
        _probes.Enqueue((from, to));
        if (_hanging.ContainsKey(to))
        {
            // A peer that never answers, with a transport that does not honour cancellation either.
            await new TaskCompletionSource().Task;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return CanReach(from, to);
    }

    private static (SiloAddress, SiloAddress) Key(SiloAddress a, SiloAddress b) => a.CompareTo(b) <= 0 ? (a, b) : (b, a);
}
