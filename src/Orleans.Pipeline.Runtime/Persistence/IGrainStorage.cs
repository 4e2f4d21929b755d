namespace Orleans.Pipeline.Runtime.Persistence;

/// <summary>
/// The storage contract every backend implements (SQLite, PostgreSQL). ETags are opaque row versions: a write or
/// clear succeeds only when the caller's ETag matches the stored one (null: no row may exist), otherwise it throws
/// <see cref="InconsistentStateException"/> and changes nothing.
/// </summary>
public interface IGrainStorage
{
    /// <summary>The stored state, or null when there is none.</summary>
    Task<GrainStateRecord?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="data"/> if the stored ETag is <paramref name="expectedEtag"/>; returns the new ETag.</summary>
    Task<string> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken = default);

    /// <summary>Deletes the row if the stored ETag is <paramref name="expectedEtag"/> (a missing row with a null ETag is fine).</summary>
    Task ClearAsync(GrainStateKey key, string? expectedEtag, CancellationToken cancellationToken = default);
}
