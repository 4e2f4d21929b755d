using Orleans.Pipeline.Runtime.Manifest;
using Orleans.Pipeline.Runtime.Placement;

namespace Orleans.Pipeline.Runtime.Hosting;

/// <summary>Answers <see cref="IManifestGrain"/> from this silo's loaded grain classes. Placed on the silo that is asked.</summary>
[GrainType(GrainTypeName)]
[PreferLocalPlacement]
internal sealed class ManifestGrain : Grain, IManifestGrain
{
    public const string GrainTypeName = "sys-manifest";

    public Task<Dictionary<string, string>> GetInterfaceMapAsync()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        foreach (var grainClass in GrainTypeManifest.GrainClasses)
        {
            foreach (var grainInterface in grainClass.Interfaces)
            {
                var name = grainInterface.FullName!;
                if (!map.TryAdd(name, grainClass.GrainType) && map[name] != grainClass.GrainType)
                {
                    ambiguous.Add(name);
                }
            }
        }

        foreach (var name in ambiguous)
        {
            map.Remove(name);
        }

        return Task.FromResult(map);
    }
}
