namespace Orleans.Pipeline.Runtime.Membership;

/// <summary>A membership entry as stored, with the ETag to update it by.</summary>
public sealed record MembershipRow(MembershipEntry Entry, string Etag);
