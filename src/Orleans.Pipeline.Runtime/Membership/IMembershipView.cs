using System.Diagnostics.CodeAnalysis;

namespace Orleans.Pipeline.Runtime.Membership;

/// <summary>
/// One immutable snapshot of the membership table as a silo last read it. A silo's view lags the table by at most
/// about one table refresh period (<see cref="MembershipOptions.TableRefreshPeriod"/>).
/// </summary>
public interface IMembershipView
{
    /// <summary>The table version the snapshot was read at.</summary>
    long Version { get; }

    /// <summary>Every row of the table, in address order, with the status stored in the table.</summary>
    IReadOnlyList<MembershipEntry> Entries { get; }

    /// <summary>The silos whose status (<see cref="StatusOf"/>) is Active, in address order.</summary>
    IReadOnlyList<SiloAddress> ActiveSilos { get; }

    /// <summary>
    /// The status of <paramref name="silo"/>: its row's status, except that a silo with no row, or with an older
    /// generation than another row on the same endpoint (it was restarted), is Dead.
    /// </summary>
    SiloStatus StatusOf(SiloAddress silo);

    /// <summary>The row of <paramref name="silo"/>, if the table has one.</summary>
    bool TryGetEntry(SiloAddress silo, [NotNullWhen(true)] out MembershipEntry? entry);
}
