using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.Extensions.Logging;

namespace Orleans.Pipeline.Tasks.Plugins;

/// <summary>
/// Finds user task functions on a plugin path: every <c>.dll</c> under its directories that references the task
/// contract is loaded in its own <see cref="PluginLoadContext"/>, and its public classes marked
/// <see cref="TaskFunctionAttribute"/> become functions.
/// </summary>
internal static partial class PluginLoader
{
    private static readonly string ContractName = typeof(ITaskFunction).Assembly.GetName().Name!;

    /// <summary>Loads every plugin assembly on <paramref name="pluginPath"/>, in a stable (ordinal path) order.</summary>
    /// <exception cref="TaskFunctionLoadException">An assembly or one of its function classes cannot be used.</exception>
    public static List<PluginAssembly> Load(string pluginPath, ILogger logger)
    {
        var assemblies = new List<PluginAssembly>();
        try
        {
            foreach (var directory in pluginPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                LoadDirectory(directory, assemblies, logger);
            }
        }
        catch
        {
            foreach (var loaded in assemblies)
            {
                loaded.Context.Unload();
            }

            throw;
        }

        return assemblies;
    }

    private static void LoadDirectory(string directory, List<PluginAssembly> assemblies, ILogger logger)
    {
        if (!Directory.Exists(directory))
        {
            LogMissingDirectory(logger, directory);
            return;
        }

        var files = Directory.GetFiles(directory, "*.dll", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files.Where(ReferencesContract))
        {
            var plugin = LoadAssembly(Path.GetFullPath(file));
            if (plugin.Functions.Count == 0)
            {
                plugin.Context.Unload();
                LogNoFunctions(logger, plugin.Path);
                continue;
            }

            var names = string.Join(", ", plugin.Functions.Select(static f => f.Name));
            LogLoaded(logger, names, plugin.Path);
            assemblies.Add(plugin);
        }
    }

    /// <summary>The functions of a class marked <see cref="TaskFunctionAttribute"/>, checked for use.</summary>
    /// <exception cref="TaskFunctionLoadException">The class cannot be used as a task function.</exception>
    public static TaskFunctionDescriptor Describe(Type type, TaskFunctionKind kind, string source, bool shareInstance)
    {
        var attribute = type.GetCustomAttribute<TaskFunctionAttribute>(inherit: false)
            ?? throw new TaskFunctionLoadException($"{type.FullName} in {source} has no [TaskFunction(\"name\")] attribute.");
        var problem = !TaskFunctionCatalog.IsValidName(attribute.Name)
            ? $"its name '{attribute.Name}' is not valid (use letters, digits, '_', '-' or '.'; no whitespace or ':')"
            : !typeof(ITaskFunction).IsAssignableFrom(type) ? $"it does not implement {typeof(ITaskFunction).FullName}"
            : !type.IsClass || type.IsAbstract || type.ContainsGenericParameters ? "it is not a concrete, non-generic class"
            : !type.IsPublic ? "it is not public"
            : type.GetConstructor(Type.EmptyTypes) is null ? "it has no public parameterless constructor"
            : null;
        if (problem is not null)
        {
            throw new TaskFunctionLoadException(
                $"{type.FullName} in {source} is marked [TaskFunction(\"{attribute.Name}\")] but cannot be used as a task function: {problem}.");
        }

        Func<ITaskFunction> factory;
        if (shareInstance)
        {
            var instance = (ITaskFunction)Activator.CreateInstance(type)!;
            factory = () => instance;
        }
        else
        {
            factory = () => Create(type, attribute.Name, source);
        }

        return new TaskFunctionDescriptor(attribute.Name, attribute.NeedsAllInputs, kind, source, type, factory);
    }

    private static ITaskFunction Create(Type type, string name, string source)
    {
        try
        {
            return (ITaskFunction)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e)
        {
            throw new TaskFatalException(
                $"Task function '{name}' ({type.FullName} in {source}) could not be created: its constructor threw {e.InnerException?.GetType().Name}: {e.InnerException?.Message}",
                e.InnerException);
        }
    }

    private static PluginAssembly LoadAssembly(string path)
    {
        var context = new PluginLoadContext(path);
        try
        {
            var assembly = context.LoadFromAssemblyPath(path);
            var functions = new List<TaskFunctionDescriptor>();
            foreach (var type in assembly.GetExportedTypes())
            {
                if (type.IsDefined(typeof(TaskFunctionAttribute), inherit: false))
                {
                    functions.Add(Describe(type, TaskFunctionKind.Plugin, path, shareInstance: false));
                }
            }

            return new PluginAssembly(path, context, functions);
        }
        catch (Exception e) when (e is FileLoadException or FileNotFoundException or BadImageFormatException or ReflectionTypeLoadException or TypeLoadException)
        {
            context.Unload();
            throw new TaskFunctionLoadException(
                $"The plugin assembly {path} cannot be loaded: {e.Message} Put the assemblies it depends on next to it (e.g. 'dotnet publish' its project into the plugin directory), or remove it from the plugin path.",
                e);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    /// <summary>
    /// Whether the file is a .NET assembly that references the task contract, read from its metadata without loading
    /// it, so the plugin's own dependencies (and a copy of the contract) are never mistaken for plugins.
    /// </summary>
    private static bool ReferencesContract(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return false;
            }

            var metadata = pe.GetMetadataReader();
            if (!metadata.IsAssembly)
            {
                return false;
            }

            if (metadata.GetString(metadata.GetAssemblyDefinition().Name) == ContractName)
            {
                return false;
            }

            foreach (var handle in metadata.AssemblyReferences)
            {
                if (metadata.GetString(metadata.GetAssemblyReference(handle).Name) == ContractName)
                {
                    return true;
                }
            }

            return false;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The plugin directory {Directory} does not exist; no task functions are loaded from it.")]
    private static partial void LogMissingDirectory(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded task functions {Names} from {Path}.")]
    private static partial void LogLoaded(ILogger logger, string names, string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Path} references the task contract but defines no [TaskFunction] class; skipped.")]
    private static partial void LogNoFunctions(ILogger logger, string path);
}
