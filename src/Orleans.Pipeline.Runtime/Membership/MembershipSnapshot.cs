namespace Orleans.Pipeline.Runtime.Membership;

/// <summary>The whole membership table at one table version, each row with its own ETag.</summary>
public sealed record MembershipSnapshot(long Version, IReadOnlyList<MembershipRow> Rows);
