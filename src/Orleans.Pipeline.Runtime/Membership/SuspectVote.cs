namespace Orleans.Pipeline.Runtime.Membership;

/// <summary>A member's vote that another member is dead, with when it was cast (votes expire).</summary>
public sealed record SuspectVote(SiloAddress Voter, DateTimeOffset Time);
