namespace Orleans.Pipeline.Runtime.Membership;

/// <summary>A member's status as this silo sees it changed: it appeared, became active, is shutting down, or is dead.</summary>
/// <param name="Silo">The member.</param>
/// <param name="Status">Its status now (as <see cref="IMembershipView.StatusOf"/> reports it).</param>
/// <param name="PreviousStatus">Its status in the previous view, or null if the previous view did not know it.</param>
/// <param name="View">The view in which the change was seen.</param>
public sealed record MembershipChange(SiloAddress Silo, SiloStatus Status, SiloStatus? PreviousStatus, MembershipView View);
