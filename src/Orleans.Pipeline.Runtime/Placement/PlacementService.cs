using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime.Manifest;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Messaging;

namespace Orleans.Pipeline.Runtime.Placement;

/// <summary>
/// Chooses the silo of a new activation from the grain class's placement attribute: the less loaded of two random
/// live silos (default), the calling silo (<see cref="PreferLocalPlacementAttribute"/>), the silo its key names
/// (<see cref="SiloPinnedPlacementAttribute"/>), or a custom <see cref="IPlacementDirector"/>.
/// </summary>
internal sealed class PlacementService(IServiceProvider services, IClusterView view, LoadTable loads, Func<int> localActivations)
{
    private readonly ConcurrentDictionary<Type, PlacementAttribute?> _strategies = new();
    private readonly ConcurrentDictionary<Type, IPlacementDirector> _directors = new();

    public PlacementAttribute? StrategyOf(GrainClassRegistration grainClass) =>
        _strategies.GetOrAdd(grainClass.ClassType, static type => type.GetCustomAttribute<PlacementAttribute>(inherit: true));

    public bool IsPinned(GrainClassRegistration grainClass) => StrategyOf(grainClass) is SiloPinnedPlacementAttribute;

    /// <summary>The silo a pinned grain's key names.</summary>
    public static SiloAddress PinnedSilo(GrainId grainId)
    {
        try
        {
            return SiloAddress.Parse(SiloPinnedKey.SiloOf(grainId.Key));
        }
        catch (FormatException error)
        {
            throw new ArgumentException($"Grain {grainId} is silo-pinned, so its key must start with a silo address ('host:port@generation'): {error.Message}", error);
        }
    }

    public SiloAddress Place(GrainId grainId, GrainClassRegistration grainClass)
    {
        var silos = view.ActiveSilos;
        if (silos.Count <= 1)
        {
            return view.LocalSilo;
        }

        var chosen = StrategyOf(grainClass) switch
        {
            PreferLocalPlacementAttribute => view.LocalSilo,
            PlacementDirectorAttribute custom => Direct(custom, grainId, silos) ?? TwoChoices(silos),
            _ => TwoChoices(silos),
        };
        if (chosen != view.LocalSilo)
        {
            loads.AddPlacement(chosen);
        }

        return chosen;
    }

    private SiloAddress TwoChoices(IReadOnlyList<SiloAddress> silos)
    {
        var first = silos[Random.Shared.Next(silos.Count)];
        var second = silos[Random.Shared.Next(silos.Count)];
        return Load(second) < Load(first) ? second : first;
    }

    private int Load(SiloAddress silo) => silo == view.LocalSilo ? localActivations() : loads.Get(silo);

    private SiloAddress? Direct(PlacementDirectorAttribute custom, GrainId grainId, IReadOnlyList<SiloAddress> silos)
    {
        var director = _directors.GetOrAdd(custom.DirectorType, type => (IPlacementDirector)ActivatorUtilities.CreateInstance(services, type));
        var infos = silos.Select(s => new SiloInfo(s.ToString(), view.NameOf(s) ?? s.ToString(), Load(s))).ToArray();
        var local = infos.First(i => i.Address == view.LocalSilo.ToString());
        var choice = director.Place(grainId, new PlacementContext(local, infos));
        if (choice is null)
        {
            return null;
        }

        var match = silos.FirstOrDefault(s => s.ToString() == choice);
        return match == default
            ? throw new InvalidOperationException($"{custom.DirectorType.Name} placed grain {grainId} on '{choice}', which is not a live silo.")
            : match;
    }
}
