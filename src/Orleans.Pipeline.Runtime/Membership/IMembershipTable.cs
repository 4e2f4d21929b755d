namespace Orleans.Pipeline.Runtime.Membership;

/// <summary>
/// The membership table in the cluster database (SQLite or PostgreSQL), one per cluster id. Every change of status or
/// suspicions is a compare-and-swap on both the table version and the row's ETag, so two silos changing the table
/// at once cannot both succeed: the loser re-reads and decides again. Heartbeats (<see cref="UpdateIAmAliveAsync"/>)
/// do not bump the table version.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates the tables if needed and the version row of this cluster id. Idempotent, safe from several silos at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts a row and bumps the table version from <paramref name="expectedVersion"/>; false if either check fails.</summary>
    Task<bool> InsertRowAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Replaces a row whose ETag is <paramref name="etag"/> and bumps the table version from <paramref name="expectedVersion"/>; false if either check fails.</summary>
    Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Records a heartbeat of <paramref name="silo"/>.</summary>
    Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>Deletes rows of dead members last alive before <paramref name="before"/>.</summary>
    Task CleanupDefunctEntriesAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
