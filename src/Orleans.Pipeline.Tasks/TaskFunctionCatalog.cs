using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Pipeline.Tasks.BuiltIns;
using Orleans.Pipeline.Tasks.ExternalPrograms;
using Orleans.Pipeline.Tasks.Plugins;

namespace Orleans.Pipeline.Tasks;

/// <summary>
/// Resolves the task function a stage names: built-in functions, user .NET functions from assemblies on
/// <see cref="TaskOptions.PluginPath"/>, functions the host registers in code, and external programs, written
/// <c>program:&lt;command line&gt;</c> (see <see cref="ProgramPrefix"/>).
/// </summary>
/// <remarks>
/// The constructor loads the plugins and fails with <see cref="TaskFunctionLoadException"/> when two functions share a
/// name. Thread-safe: lookups may run concurrently with each other and with <see cref="Register(string, ITaskFunction, bool)"/>.
/// Disposing unloads the plugin assemblies once nothing uses them any more.
/// </remarks>
public sealed class TaskFunctionCatalog : IDisposable
{
    /// <summary>The prefix marking an external program in a function name: <c>program:</c>, as in <c>program:python3 map.py</c>.</summary>
    public const string ProgramPrefix = "program:";

    private const string BuiltInSource = "built-in";
    private const string RegisteredSource = "registered";

    private readonly IReadOnlyList<PluginAssembly> _plugins;

    // Replaced whole under _registrationLock, read without a lock.
    private readonly Lock _registrationLock = new();
    private volatile Dictionary<string, TaskFunctionDescriptor> _functions;

    /// <summary>Builds the catalog: built-in functions plus the plugins found on <see cref="TaskOptions.PluginPath"/>.</summary>
    /// <param name="options">The silo's task options. Default: <see cref="TaskOptions"/>'s defaults (no plugins, no external programs).</param>
    /// <param name="logger">Where plugin loading is logged. Default: nowhere.</param>
    /// <exception cref="TaskFunctionLoadException">A plugin cannot be loaded, or two functions share a name.</exception>
    public TaskFunctionCatalog(TaskOptions? options = null, ILogger<TaskFunctionCatalog>? logger = null)
    {
        Options = options ?? new TaskOptions();
        var functions = new Dictionary<string, TaskFunctionDescriptor>(StringComparer.Ordinal);
        foreach (var type in BuiltInFunctions.Types)
        {
            Add(functions, PluginLoader.Describe(type, TaskFunctionKind.BuiltIn, BuiltInSource, shareInstance: true));
        }

        _plugins = string.IsNullOrWhiteSpace(Options.PluginPath)
            ? []
            : PluginLoader.Load(Options.PluginPath, (ILogger?)logger ?? NullLogger.Instance);
        try
        {
            foreach (var plugin in _plugins)
            {
                foreach (var function in plugin.Functions)
                {
                    Add(functions, function);
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        _functions = functions;
    }

    /// <summary>The options the catalog was built with.</summary>
    public TaskOptions Options { get; }

    /// <summary>Every named function (built-in, plugin, registered), ordered by name. External programs are not listed.</summary>
    public IReadOnlyList<TaskFunctionDescriptor> Functions =>
        [.. _functions.Values.OrderBy(static f => f.Name, StringComparer.Ordinal)];

    /// <summary>The names of <see cref="Functions"/>, ordered (for suggesting the intended name of a misspelled one).</summary>
    public IReadOnlyList<string> Names => [.. _functions.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The function name that runs <paramref name="commandLine"/> as an external program.</summary>
    public static string ProgramName(string commandLine)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commandLine);
        return ProgramPrefix + commandLine;
    }

    /// <summary>Whether <paramref name="name"/> names an external program, and its command line when it does.</summary>
    public static bool IsProgram(string name, [NotNullWhen(true)] out string? commandLine)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith(ProgramPrefix, StringComparison.Ordinal))
        {
            commandLine = name[ProgramPrefix.Length..].Trim();
            return true;
        }

        commandLine = null;
        return false;
    }

    /// <summary>
    /// Whether <paramref name="name"/> resolves here: a known function, or a well-formed <c>program:</c> command line
    /// (whether programs are enabled is checked when the task runs, on the silo that runs it).
    /// </summary>
    public bool Exists(string name) => TryGetDescriptor(name, out _);

    /// <summary>
    /// Whether the function needs all its inputs before it starts, so its stage cannot be <c>concurrent</c>. False for
    /// external programs and for unknown names (check <see cref="Exists"/> first).
    /// </summary>
    public bool NeedsAllInputs(string name) => TryGetDescriptor(name, out var descriptor) && descriptor.NeedsAllInputs;

    /// <summary>What the catalog knows about <paramref name="name"/>; false when it does not resolve.</summary>
    public bool TryGetDescriptor(string name, [NotNullWhen(true)] out TaskFunctionDescriptor? descriptor)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (IsProgram(name, out var commandLine))
        {
            descriptor = IsWellFormedCommandLine(commandLine) ? ProgramDescriptor(commandLine) : null;
            return descriptor is not null;
        }

        return _functions.TryGetValue(name, out descriptor);
    }

    /// <summary>The function to run a task of a stage that names <paramref name="name"/>.</summary>
    /// <exception cref="TaskFatalException">
    /// The name is unknown, or a plugin function's constructor failed. (A disabled external program resolves; running
    /// it fails with a fatal error that says how to enable programs.)
    /// </exception>
    public ITaskFunction Resolve(string name)
    {
        if (TryGetDescriptor(name, out var descriptor))
        {
            return descriptor.CreateInstance();
        }

        if (IsProgram(name, out var commandLine))
        {
            throw new TaskFatalException($"The external program '{commandLine}' has a malformed command line (an unclosed quote, or nothing at all).");
        }

        var known = string.Join(", ", Names);
        var plugins = string.IsNullOrWhiteSpace(Options.PluginPath)
            ? $"no plugin path is configured ({nameof(TaskOptions)}.{nameof(TaskOptions.PluginPath)})"
            : $"plugins are loaded from {Options.PluginPath}";
        throw new TaskFatalException(
            $"Unknown task function '{name}'. Known functions: {known}. User functions are public classes marked [TaskFunction(\"name\")] in assemblies on the plugin path ({plugins}); external programs are written '{ProgramPrefix}<command line>'.");
    }

    /// <summary>
    /// The function running <paramref name="commandLine"/> as an external program (a stage's <c>{program: …}</c>); the
    /// same as <see cref="Resolve"/> of <see cref="ProgramName"/>.
    /// </summary>
    /// <exception cref="TaskFatalException">The command line is malformed.</exception>
    public ITaskFunction ResolveProgram(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        return Resolve(ProgramPrefix + commandLine);
    }

    /// <summary>Registers <paramref name="function"/> under <paramref name="name"/>, for functions the host defines in code.</summary>
    /// <exception cref="TaskFunctionLoadException">The name is taken or not valid.</exception>
    public void Register(string name, ITaskFunction function, bool needsAllInputs = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(function);
        if (!IsValidName(name))
        {
            throw new TaskFunctionLoadException($"'{name}' is not a valid task function name (use letters, digits, '_', '-' or '.'; no whitespace or ':').");
        }

        Register(new TaskFunctionDescriptor(name, needsAllInputs, TaskFunctionKind.Registered, RegisteredSource, function.GetType(), () => function));
    }

    /// <summary>Registers a function given as a delegate under <paramref name="name"/>.</summary>
    /// <exception cref="TaskFunctionLoadException">The name is taken or not valid.</exception>
    public void Register(string name, Func<TaskContext, CancellationToken, Task> run, bool needsAllInputs = false)
    {
        ArgumentNullException.ThrowIfNull(run);
        Register(name, new DelegateTaskFunction(run), needsAllInputs);
    }

    /// <summary>Registers the class <typeparamref name="TFunction"/> under the name its <see cref="TaskFunctionAttribute"/> gives.</summary>
    /// <exception cref="TaskFunctionLoadException">The class is not usable or its name is taken.</exception>
    public void Register<TFunction>()
        where TFunction : ITaskFunction, new()
    {
        var descriptor = PluginLoader.Describe(typeof(TFunction), TaskFunctionKind.Registered, RegisteredSource, shareInstance: false);
        Register(descriptor);
    }

    /// <summary>Unloads the plugin assemblies once no function instance or task still uses them.</summary>
    public void Dispose()
    {
        foreach (var plugin in _plugins)
        {
            plugin.Context.Unload();
        }
    }

    internal static bool IsValidName(string name) =>
        name.Length > 0 && !name.AsSpan().ContainsAny(" \t\r\n:") && !name.AsSpan().ContainsAnyInRange('\0', '\u001f');

    private void Register(TaskFunctionDescriptor descriptor)
    {
        lock (_registrationLock)
        {
            var functions = new Dictionary<string, TaskFunctionDescriptor>(_functions, StringComparer.Ordinal);
            Add(functions, descriptor);
            _functions = functions;
        }
    }

    private static void Add(Dictionary<string, TaskFunctionDescriptor> functions, TaskFunctionDescriptor descriptor)
    {
        if (functions.TryGetValue(descriptor.Name, out var existing))
        {
            throw new TaskFunctionLoadException(
                $"Task function '{descriptor.Name}' is defined twice: by {existing} and by {descriptor}. " +
                "Give one of them another name in its [TaskFunction(\"...\")] attribute, or remove one assembly from the plugin path.");
        }

        functions.Add(descriptor.Name, descriptor);
    }

    private TaskFunctionDescriptor ProgramDescriptor(string commandLine)
    {
        var function = new ExternalProgramFunction(commandLine, Options);
        return new TaskFunctionDescriptor(ProgramPrefix + commandLine, needsAllInputs: false, TaskFunctionKind.ExternalProgram, commandLine, typeof(ExternalProgramFunction), () => function);
    }

    private static bool IsWellFormedCommandLine(string commandLine)
    {
        try
        {
            _ = CommandLine.Split(commandLine);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
