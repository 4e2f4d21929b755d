using Orleans.Pipeline.Runtime.Membership;

namespace Orleans.Pipeline.Runtime.GrainDirectory;

/// <summary>
/// Where each placed grain lives, in the cluster database: one row per grain id (a real primary key), first writer
/// wins. This is what keeps a grain to a single activation across the cluster: a silo activates a placed grain only
/// after its own registration won. Entries of a dead silo are removed when it is declared dead.
/// </summary>
public interface IGrainDirectory
{
    /// <summary>Registers <paramref name="grainId"/> at <paramref name="silo"/> unless it is registered already; returns the silo that holds the entry afterwards.</summary>
    Task<SiloAddress> RegisterAsync(GrainId grainId, SiloAddress silo, CancellationToken cancellationToken = default);

    /// <summary>The silo registered for <paramref name="grainId"/>, or null.</summary>
    Task<SiloAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken = default);

    /// <summary>Removes the entry of <paramref name="grainId"/> if it names <paramref name="silo"/>.</summary>
    Task UnregisterAsync(GrainId grainId, SiloAddress silo, CancellationToken cancellationToken = default);

    /// <summary>Removes every entry that names <paramref name="silo"/>; returns how many.</summary>
    Task<int> UnregisterSiloAsync(SiloAddress silo, CancellationToken cancellationToken = default);
}
