namespace Orleans.Pipeline.Runtime.Membership;

/// <summary>
/// Timings of membership and failure detection (<see cref="MembershipService"/>). The defaults suit a LAN: a killed
/// silo is declared dead about 2 s after it stops answering (two missed probes, one second apart), at most about 4–5 s
/// when its machine is gone and probes time out, and every silo knows within one more table refresh (1 s).
/// </summary>
/// <remarks>
/// <para>
/// The rule: every <see cref="ProbePeriod"/> each active silo probes its next <see cref="NumProbedSilos"/> neighbours
/// in address order among the members that are not dead (a ring, so each member is probed by as many silos). After
/// <see cref="MissedProbesLimit"/> consecutive failed probes of a member it adds its vote to that member's suspicions
/// in the table. A member is declared Dead (by whichever silo's vote completes the count) when the votes cast within
/// <see cref="VoteExpiration"/> reach the number needed: <see cref="VotesForDeathDeclaration"/>, capped at the number
/// of other Active members with fresh heartbeats, so a two-silo cluster needs one vote; and only one vote if the
/// member's own heartbeat is stale (older than <see cref="MissedIAmAliveLimit"/> × <see cref="IAmAlivePeriod"/>):
/// a member that neither answers probes nor writes heartbeats is not merely cut off from one prober.
/// </para>
/// <para>Every change is a compare-and-swap on the table, so concurrent voters cannot lose each other's votes.</para>
/// </remarks>
public sealed class MembershipOptions
{
    /// <summary>How often each silo probes its neighbours. Default 1 s.</summary>
    public TimeSpan ProbePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe may take before it counts as missed. Default 1 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive missed probes after which a silo votes that the member is dead. Default 2.</summary>
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>
    /// Fresh votes needed to declare a member dead. Default 2; capped at the number of other Active members with fresh
    /// heartbeats (so 1 in a two-silo cluster), and 1 for a member whose heartbeat is stale.
    /// </summary>
    public int VotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How long a vote counts; older votes are ignored and dropped at the next write. Default 10 s.</summary>
    public TimeSpan VoteExpiration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many neighbours each silo probes (all others when the cluster is smaller). Default 3; at least <see cref="VotesForDeathDeclaration"/>.</summary>
    public int NumProbedSilos { get; set; } = 3;

    /// <summary>How often each silo reads the whole table into its view (it also reads right after its own changes). Default 1 s.</summary>
    public TimeSpan TableRefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each silo writes its heartbeat (<c>IAmAliveTime</c>). Default 1 s.</summary>
    public TimeSpan IAmAlivePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A heartbeat older than this many <see cref="IAmAlivePeriod"/>s is stale: the member counts as no voter, and one
    /// vote declares it dead. Default 4 (4 s), which also absorbs a few hundred milliseconds of clock skew between machines.
    /// </summary>
    public int MissedIAmAliveLimit { get; set; } = 4;

    /// <summary>Dead members last alive longer ago than this are deleted from the table. Default 1 day.</summary>
    public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often a silo deletes defunct members (also once when it joins). Default 1 hour.</summary>
    public TimeSpan DefunctSiloCleanupPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The age after which a heartbeat is stale: <see cref="MissedIAmAliveLimit"/> × <see cref="IAmAlivePeriod"/>.</summary>
    public TimeSpan StaleIAmAliveAge => IAmAlivePeriod * MissedIAmAliveLimit;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Positive(ProbePeriod, nameof(ProbePeriod));
        Positive(ProbeTimeout, nameof(ProbeTimeout));
        Positive(VoteExpiration, nameof(VoteExpiration));
        Positive(TableRefreshPeriod, nameof(TableRefreshPeriod));
        Positive(IAmAlivePeriod, nameof(IAmAlivePeriod));
        Positive(DefunctSiloExpiration, nameof(DefunctSiloExpiration));
        Positive(DefunctSiloCleanupPeriod, nameof(DefunctSiloCleanupPeriod));
        AtLeastOne(MissedProbesLimit, nameof(MissedProbesLimit));
        AtLeastOne(VotesForDeathDeclaration, nameof(VotesForDeathDeclaration));
        AtLeastOne(MissedIAmAliveLimit, nameof(MissedIAmAliveLimit));
        if (NumProbedSilos < VotesForDeathDeclaration)
        {
            throw new ArgumentException(
                $"MembershipOptions.NumProbedSilos ({NumProbedSilos}) must be at least VotesForDeathDeclaration ({VotesForDeathDeclaration}): " +
                "each member is probed by that many silos, and fewer could never cast enough votes.");
        }

        if (VoteExpiration <= ProbePeriod * MissedProbesLimit)
        {
            throw new ArgumentException(
                $"MembershipOptions.VoteExpiration ({VoteExpiration}) must be longer than MissedProbesLimit × ProbePeriod ({ProbePeriod * MissedProbesLimit}), " +
                "or votes expire before a second prober can add its own.");
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromMilliseconds(int.MaxValue))
        {
            throw new ArgumentException($"MembershipOptions.{name} must be positive (and under 24 days); it is {value}.");
        }
    }

    private static void AtLeastOne(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentException($"MembershipOptions.{name} must be at least 1; it is {value}.");
        }
    }
}
