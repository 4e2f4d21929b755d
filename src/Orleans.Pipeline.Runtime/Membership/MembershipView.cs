using System.Diagnostics.CodeAnalysis;

namespace Orleans.Pipeline.Runtime.Membership;

/// <summary>
/// An immutable snapshot of the membership table (see <see cref="IMembershipView"/>), with each member's status as
/// the rest of the runtime should treat it: a silo with no row, or an older generation of an endpoint that has a newer
/// row (a restarted silo), is Dead even before any silo wrote so.
/// </summary>
public sealed class MembershipView : IMembershipView
{
    private readonly Dictionary<SiloAddress, MembershipEntry> _entries;
    private readonly Dictionary<SiloAddress, SiloStatus> _statuses;

    /// <summary>A view of an empty table at version 0: every silo is Dead in it.</summary>
    public static MembershipView Empty { get; } = new(0, []);

    /// <param name="version">The table version the entries were read at.</param>
    /// <param name="entries">The rows; at most one per address.</param>
    public MembershipView(long version, IEnumerable<MembershipEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Version = version;
        var sorted = entries.ToArray();
        Array.Sort(sorted, static (a, b) => a.Address.CompareTo(b.Address));
        Entries = sorted;
        _entries = new Dictionary<SiloAddress, MembershipEntry>(sorted.Length);
        var newestGeneration = new Dictionary<(string Host, int Port), long>();
        foreach (var entry in sorted)
        {
            if (!_entries.TryAdd(entry.Address, entry))
            {
                throw new ArgumentException($"The membership table has two rows for {entry.Address}.", nameof(entries));
            }

            var endpoint = (entry.Address.Host, entry.Address.Port);
            if (!newestGeneration.TryGetValue(endpoint, out var newest) || entry.Address.Generation > newest)
            {
                newestGeneration[endpoint] = entry.Address.Generation;
            }
        }

        _statuses = new Dictionary<SiloAddress, SiloStatus>(sorted.Length);
        var active = new List<SiloAddress>();
        foreach (var entry in sorted)
        {
            // Only one process can listen on an endpoint: a newer generation there means this one has stopped.
            var superseded = entry.Address.Generation < newestGeneration[(entry.Address.Host, entry.Address.Port)];
            var status = superseded ? SiloStatus.Dead : entry.Status;
            _statuses.Add(entry.Address, status);
            if (status == SiloStatus.Active)
            {
                active.Add(entry.Address);
            }
        }

        ActiveSilos = active;
    }

    /// <summary>A view of <paramref name="snapshot"/>.</summary>
    public static MembershipView FromSnapshot(MembershipSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new MembershipView(snapshot.Version, snapshot.Rows.Select(static row => row.Entry));
    }

    /// <inheritdoc />
    public long Version { get; }

    /// <inheritdoc />
    public IReadOnlyList<MembershipEntry> Entries { get; }

    /// <inheritdoc />
    public IReadOnlyList<SiloAddress> ActiveSilos { get; }

    /// <inheritdoc />
    public SiloStatus StatusOf(SiloAddress silo) => _statuses.TryGetValue(silo, out var status) ? status : SiloStatus.Dead;

    /// <summary>Whether <paramref name="silo"/> is Active (<see cref="StatusOf"/>).</summary>
    public bool IsActive(SiloAddress silo) => StatusOf(silo) == SiloStatus.Active;

    /// <summary>Whether <paramref name="silo"/> has a row that is Dead in this view (declared, left or superseded); false for an unknown silo.</summary>
    public bool IsKnownDead(SiloAddress silo) => _statuses.TryGetValue(silo, out var status) && status == SiloStatus.Dead;

    /// <summary>The configured name of <paramref name="silo"/>, or null when the table has no row for it.</summary>
    public string? NameOf(SiloAddress silo) => _entries.TryGetValue(silo, out var entry) ? entry.SiloName : null;

    /// <inheritdoc />
    public bool TryGetEntry(SiloAddress silo, [NotNullWhen(true)] out MembershipEntry? entry) => _entries.TryGetValue(silo, out entry);

    /// <inheritdoc />
    public override string ToString() =>
        $"v{Version}: {string.Join(", ", Entries.Select(e => $"{e.SiloName} {e.Address} {StatusOf(e.Address)}"))}";
}
