using Orleans.Pipeline.Runtime.Membership;

namespace Orleans.Pipeline.Runtime.Membership.Tests.Support;

/// <summary>One silo's prober on a <see cref="FakeNetwork"/>.</summary>
public sealed class FakeSiloProber(FakeNetwork network, SiloAddress self) : ISiloProber
{
    public Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken) =>
        network.ProbeAsync(self, target, cancellationToken);
}
