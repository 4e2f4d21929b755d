using Orleans.Pipeline.Runtime.Membership;

namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>What routing needs to know of the membership: who this silo is and which silos are alive.</summary>
internal interface IClusterView
{
    SiloAddress LocalSilo { get; }

    /// <summary>The active silos, this one included, in a stable order.</summary>
    IReadOnlyList<SiloAddress> ActiveSilos { get; }

    /// <summary>False once <paramref name="silo"/> is declared dead, has left, or is an older generation of a live endpoint.</summary>
    bool IsAlive(SiloAddress silo);

    /// <summary>The name a silo was configured with, for people and for silo-pinned keys; null when unknown.</summary>
    string? NameOf(SiloAddress silo);
}
