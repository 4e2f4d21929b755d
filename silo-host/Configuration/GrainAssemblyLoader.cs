using System.Reflection;
using Orleans.Pipeline.Runtime.Manifest;

namespace Orleans.Pipeline.SiloHost.Configuration;

/// <summary>Loads the assemblies of user grain classes named by <c>--grain-assembly</c>.</summary>
public static class GrainAssemblyLoader
{
    /// <summary>
    /// Loads each file with <see cref="Assembly.LoadFrom(string)"/> (its own dependencies are then found beside it).
    /// Throws <see cref="SiloHostConfigurationException"/> naming the file when it is missing, is not a .NET assembly,
    /// cannot be loaded, or holds no generated grain code.
    /// </summary>
    public static IReadOnlyList<Assembly> Load(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var loaded = new List<Assembly>();
        foreach (var file in files)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                throw new SiloHostConfigurationException($"Grain assembly '{path}' does not exist: check the --grain-assembly path (build the grain project first).");
            }

            Assembly assembly;
            try
            {
                assembly = Assembly.LoadFrom(path);
            }
            catch (BadImageFormatException error)
            {
                throw new SiloHostConfigurationException($"Grain assembly '{path}' is not a .NET assembly: {error.Message}", error);
            }
            catch (FileLoadException error)
            {
                throw new SiloHostConfigurationException($"Grain assembly '{path}' could not be loaded: {error.Message}", error);
            }

            if (!assembly.IsDefined(typeof(GeneratedGrainCodeAttribute), inherit: false))
            {
                throw new SiloHostConfigurationException(
                    $"Grain assembly '{path}' holds no generated grain code: its project must define grains and reference the Orleans.Pipeline code generator.");
            }

            loaded.Add(assembly);
        }

        return loaded;
    }
}
