using System.Threading.Channels;

namespace Orleans.Pipeline.Runtime.Membership;

/// <summary>
/// What the rest of a silo sees of membership: who it is, the current view, and the changes as they are learned.
/// Implemented by <see cref="MembershipService"/>.
/// </summary>
public interface IClusterMembership
{
    /// <summary>This silo's address.</summary>
    SiloAddress LocalSilo { get; }

    /// <summary>The latest view; replaced (never mutated) on every refresh.</summary>
    MembershipView CurrentView { get; }

    /// <summary>
    /// Raised once per member whose status changed between two views, after <see cref="CurrentView"/> holds the new
    /// view, in the order the views were read. Handlers run on the membership's own task and must not block.
    /// </summary>
    event EventHandler<MembershipChange>? SiloStatusChanged;

    /// <summary>
    /// Raised once when this silo learns that the cluster declared it dead (other silos voted it out, or a newer
    /// generation took its endpoint). Membership stops heartbeats and probes before raising it; the host should stop
    /// serving. Not raised for a graceful shutdown. Handlers must not block.
    /// </summary>
    event EventHandler<MembershipChange>? DeclaredDead;

    /// <summary>
    /// The changes learned from now on, as a channel (unbounded: changes are rare). Completes when
    /// <paramref name="cancellationToken"/> is canceled or membership is disposed. To start from a consistent state,
    /// subscribe first and then read <see cref="CurrentView"/>.
    /// </summary>
    ChannelReader<MembershipChange> Subscribe(CancellationToken cancellationToken = default);

    /// <summary>Reads the table now and publishes what changed, e.g. on hearing from a silo the view does not know yet.</summary>
    Task RefreshAsync(CancellationToken cancellationToken = default);
}
