using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Orleans.Pipeline.Runtime.Invocation;

namespace Orleans.Pipeline.Runtime.Manifest;

/// <summary>
/// The process-wide registry of generated grain code. Generated module initializers register into it; the runtime
/// reads it. Lookups that miss first run the module initializer of the type's assembly, since a module initializer
/// only runs once something in its assembly is touched.
/// </summary>
public static class GrainTypeManifest
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceRegistration> s_interfaces = new();
    private static readonly ConcurrentDictionary<string, Func<Request>> s_methods = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, GrainClassRegistration> s_classesByType = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<Type, GrainClassRegistration[]> s_classesByInterface = new();

    public static void RegisterInterface(GrainInterfaceRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        s_interfaces[registration.InterfaceType] = registration;
        foreach (var (methodId, factory) in registration.Methods)
        {
            s_methods[methodId] = factory;
        }
    }

    public static void RegisterGrainClass(GrainClassRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (s_classesByType.TryGetValue(registration.GrainType, out var existing) && existing.ClassType != registration.ClassType)
        {
            throw new InvalidOperationException(
                $"Grain classes {existing.ClassType.FullName} and {registration.ClassType.FullName} both have grain type '{registration.GrainType}'; give one a [GrainType] name.");
        }

        s_classesByType[registration.GrainType] = registration;
        foreach (var iface in registration.Interfaces)
        {
            s_classesByInterface.AddOrUpdate(
                iface,
                static (_, r) => [r],
                static (_, list, r) => list.Any(x => x.ClassType == r.ClassType) ? list : [.. list, r],
                registration);
        }
    }

    /// <summary>Loads the generated code of <paramref name="assembly"/> (runs its module initializer once).</summary>
    public static void EnsureLoaded(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
    }

    public static GrainInterfaceRegistration GetInterface(Type interfaceType)
    {
        if (s_interfaces.TryGetValue(interfaceType, out var registration))
        {
            return registration;
        }

        EnsureLoaded(interfaceType.Assembly);
        return s_interfaces.TryGetValue(interfaceType, out registration)
            ? registration
            : throw new InvalidOperationException(
                $"{interfaceType.FullName} has no generated proxy. Grain interfaces must derive from IGrainWithStringKey, IGrainWithGuidKey or IGrainWithIntegerKey, and their project must reference the code generator.");
    }

    /// <summary>The grain class that implements <paramref name="interfaceType"/>; exactly one must be loaded.</summary>
    public static GrainClassRegistration GetGrainClassFor(Type interfaceType)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        if (!s_classesByInterface.TryGetValue(interfaceType, out var classes))
        {
            throw new InvalidOperationException(
                $"No grain class implementing {interfaceType.FullName} is loaded. Add its assembly to the silo (SiloOptions.GrainAssemblies) or reference it from the host.");
        }

        return classes.Length == 1
            ? classes[0]
            : throw new InvalidOperationException(
                $"{interfaceType.FullName} is implemented by several grain classes ({string.Join(", ", classes.Select(c => c.ClassType.Name))}); call GetGrain with a GrainId that names the grain type.");
    }

    public static bool TryGetGrainClass(string grainType, out GrainClassRegistration registration) =>
        s_classesByType.TryGetValue(grainType, out registration!);

    /// <summary>An empty request for <paramref name="methodId"/>, to read arguments into.</summary>
    public static bool TryCreateRequest(string methodId, out Request request)
    {
        if (s_methods.TryGetValue(methodId, out var factory))
        {
            request = factory();
            return true;
        }

        request = null!;
        return false;
    }

    public static IReadOnlyCollection<GrainClassRegistration> GrainClasses => s_classesByType.Values.ToArray();
}
