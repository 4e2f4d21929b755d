namespace Orleans.Pipeline.Runtime.Membership;

/// <summary>One row of the membership table.</summary>
/// <param name="Address">The member's silo-to-silo address (endpoint and generation); the row's key.</param>
/// <param name="SiloName">Its configured name, for people.</param>
/// <param name="Status">Its status; only the member itself moves Joining → Active → ShuttingDown; anyone may declare it Dead.</param>
/// <param name="GatewayPort">The port clients connect to, or 0 when the silo is no gateway.</param>
/// <param name="StartTime">When the member started.</param>
/// <param name="IAmAliveTime">The member's last heartbeat.</param>
/// <param name="Suspicions">Current votes that the member is dead.</param>
public sealed record MembershipEntry(
    SiloAddress Address,
    string SiloName,
    SiloStatus Status,
    int GatewayPort,
    DateTimeOffset StartTime,
    DateTimeOffset IAmAliveTime,
    IReadOnlyList<SuspectVote> Suspicions);
