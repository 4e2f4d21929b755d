namespace Orleans.Pipeline.Runtime.Persistence;

/// <summary>A stored state: its serialized bytes and the ETag (row version) they were stored under.</summary>
public sealed record GrainStateRecord(byte[] Data, string Etag);
