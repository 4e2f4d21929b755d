using System.Reflection;
using System.Runtime.Loader;

namespace Orleans.Pipeline.Tasks.Plugins;

/// <summary>
/// The load context of one plugin assembly. Each plugin gets its own, so two plugins may depend on different versions
/// of a library; contexts are collectible, so a disposed catalog lets its plugins be unloaded.
/// </summary>
/// <remarks>
/// The task contract (this assembly), the framework and everything the host application ships are always taken from
/// the default context: a plugin that carries its own copy of <c>Orleans.Pipeline.Tasks.dll</c> still implements the
/// host's <see cref="ITaskFunction"/>. Other dependencies come from the plugin's directory, following its
/// <c>.deps.json</c> when it has one.
/// </remarks>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private static readonly Lazy<HashSet<string>> HostAssemblies = new(LoadHostAssemblyNames);

    private readonly string _directory;
    private readonly AssemblyDependencyResolver? _resolver;

    public PluginLoadContext(string assemblyPath)
        : base($"task-plugin:{Path.GetFileName(assemblyPath)}", isCollectible: true)
    {
        _directory = Path.GetDirectoryName(assemblyPath)!;
        try
        {
            _resolver = new AssemblyDependencyResolver(assemblyPath);
        }
        catch (InvalidOperationException)
        {
            // No host resolver in this process (e.g. a single-file host): probe the plugin's directory instead.
            _resolver = null;
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || HostAssemblies.Value.Contains(assemblyName.Name))
        {
            return null;
        }

        var path = _resolver?.ResolveAssemblyToPath(assemblyName);
        if (path is null)
        {
            var candidate = Path.Combine(_directory, assemblyName.Name + ".dll");
            path = File.Exists(candidate) ? candidate : null;
        }

        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private static HashSet<string> LoadHostAssemblyNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { typeof(ITaskFunction).Assembly.GetName().Name! };
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string trusted)
        {
            foreach (var path in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(Path.GetFileNameWithoutExtension(path));
            }
        }

        foreach (var assembly in Default.Assemblies)
        {
            if (assembly.GetName().Name is { } name)
            {
                names.Add(name);
            }
        }

        return names;
    }
}
