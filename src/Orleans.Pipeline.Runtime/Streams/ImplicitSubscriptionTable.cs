using System.Collections.Frozen;
using System.Reflection;
using Orleans.Pipeline.Runtime.Manifest;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// Which grain types subscribe implicitly to which stream namespaces, read once from the loaded grain classes'
/// <see cref="ImplicitStreamSubscriptionAttribute"/>s (and again if more grain classes are loaded later).
/// </summary>
internal sealed class ImplicitSubscriptionTable
{
    private Snapshot _snapshot = new(-1, FrozenDictionary<string, string[]>.Empty);

    /// <summary>The grain types subscribed to <paramref name="streamNamespace"/>, in a stable order.</summary>
    public IReadOnlyList<string> GrainTypesFor(string streamNamespace) =>
        Current().ByNamespace.TryGetValue(streamNamespace, out var types) ? types : [];

    public bool IsSubscribed(string grainType, string streamNamespace) =>
        GrainTypesFor(streamNamespace).Contains(grainType, StringComparer.Ordinal);

    /// <summary>The id of grain type <paramref name="grainType"/>'s implicit subscription (to any stream).</summary>
    public static string SubscriptionIdOf(string grainType) => "implicit:" + grainType;

    private Snapshot Current()
    {
        var snapshot = Volatile.Read(ref _snapshot);
        var classes = GrainTypeManifest.GrainClasses;
        if (snapshot.ClassCount == classes.Count)
        {
            return snapshot;
        }

        var byNamespace = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var grainClass in classes.OrderBy(c => c.GrainType, StringComparer.Ordinal))
        {
            foreach (var attribute in grainClass.ClassType.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>(inherit: false))
            {
                if (!byNamespace.TryGetValue(attribute.StreamNamespace, out var types))
                {
                    byNamespace[attribute.StreamNamespace] = types = [];
                }

                if (!types.Contains(grainClass.GrainType, StringComparer.Ordinal))
                {
                    types.Add(grainClass.GrainType);
                }
            }
        }

        snapshot = new Snapshot(classes.Count, byNamespace.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal));
        Volatile.Write(ref _snapshot, snapshot);
        return snapshot;
    }

    private sealed record Snapshot(int ClassCount, FrozenDictionary<string, string[]> ByNamespace);
}
