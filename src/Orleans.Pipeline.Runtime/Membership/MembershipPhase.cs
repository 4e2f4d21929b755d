namespace Orleans.Pipeline.Runtime.Membership;

/// <summary>Where a <see cref="MembershipService"/> is in its life; it only moves forward.</summary>
public enum MembershipPhase
{
    /// <summary>Constructed; not in the table.</summary>
    Created = 0,

    /// <summary>Inserting itself into the table (status Joining, then Active).</summary>
    Joining = 1,

    /// <summary>An active member: heartbeats, probes, votes.</summary>
    Joined = 2,

    /// <summary>Leaving gracefully (status ShuttingDown): heartbeats, no votes.</summary>
    Leaving = 3,

    /// <summary>Left gracefully (status Dead, written by itself).</summary>
    Left = 4,

    /// <summary>The cluster declared it dead; it stopped heartbeats and probes.</summary>
    DeclaredDead = 5,

    /// <summary>Disposed without leaving (as if the process died).</summary>
    Disposed = 6,
}
