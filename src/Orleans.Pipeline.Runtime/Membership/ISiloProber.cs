namespace Orleans.Pipeline.Runtime.Membership;

/// <summary>
/// Asks another silo whether it is alive, over the same transport grain calls use (so a probe fails when calls
/// would). <see cref="MembershipService"/> probes through it; the messaging layer implements it with a ping.
/// </summary>
public interface ISiloProber
{
    /// <summary>
    /// Probes <paramref name="target"/>: true if it answered within <paramref name="timeout"/>, false if it did not
    /// (refused, unreachable, no answer in time). Should not throw for a failed probe. The caller also cancels
    /// <paramref name="cancellationToken"/> after <paramref name="timeout"/> and counts a probe still running as failed.
    /// </summary>
    Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken);
}
