using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Bench.Cluster;

/// <summary>
/// Pinned to one silo, it calls target grains pinned to another in a loop, so the measured hop is silo to silo and
/// the client that started the run is not on the path.
/// </summary>
public interface IHopDriverGrain : IGrainWithStringKey
{
    Task<HopResult> RunAsync(HopSettings settings);

    /// <summary>The names of the silos this driver and its first target run on.</summary>
    Task<string> RouteAsync(string targetSilo);
}
