namespace Orleans.Pipeline.SiloHost.Configuration;

/// <summary>
/// The command line of <c>silo-host</c>. Most switches map onto configuration keys (so a switch, an environment
/// variable <c>PIPELINE_Section__Key</c> and <c>appsettings.json</c> set the same thing, the switch winning); the
/// flags <c>--demo</c> and <c>--allow-programs</c> (which take no value) and the repeatable <c>--grain-assembly PATH</c>
/// are taken out first, since configuration keeps only the last value of a repeated switch.
/// </summary>
public sealed class SiloHostArguments
{
    private const string GrainAssemblySwitch = "--grain-assembly";
    private const string DemoSwitch = "--demo";
    private const string AllowProgramsSwitch = "--allow-programs";

    private SiloHostArguments(IReadOnlyList<string> configurationArguments, IReadOnlyList<string> grainAssemblyFiles, bool demo)
    {
        ConfigurationArguments = configurationArguments;
        GrainAssemblyFiles = grainAssemblyFiles;
        Demo = demo;
    }

    /// <summary>Switch → configuration key, for <c>AddCommandLine</c>.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--name"] = "Silo:SiloName",
        ["--data-dir"] = "Silo:DataDirectory",
        ["--storage"] = "Silo:Storage",
        ["--database"] = "Silo:Database",
        ["--cluster-id"] = "Cluster:ClusterId",
        ["--secret"] = "Cluster:ClusterSecret",
        ["--secret-file"] = "Cluster:ClusterSecretFile",
        ["--listen"] = "Cluster:ListenAddress",
        ["--port"] = "Cluster:Port",
        ["--slots"] = "Pipeline:ExecutorSlots",
        ["--plugin-path"] = "Tasks:PluginPath",
    };

    /// <summary>The arguments left for configuration (switch/value pairs).</summary>
    public IReadOnlyList<string> ConfigurationArguments { get; }

    /// <summary>Every <c>--grain-assembly</c> value, in order.</summary>
    public IReadOnlyList<string> GrainAssemblyFiles { get; }

    /// <summary>Whether <c>--demo</c> was given.</summary>
    public bool Demo { get; }

    /// <summary>Splits <paramref name="args"/>; throws <see cref="SiloHostConfigurationException"/> for a switch without its value or an unknown switch.</summary>
    public static SiloHostArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rest = new List<string>();
        var assemblies = new List<string>();
        var demo = false;
        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            var (name, inlineValue) = SplitSwitch(argument);
            if (string.Equals(name, DemoSwitch, StringComparison.OrdinalIgnoreCase) && inlineValue is null)
            {
                demo = true;
                continue;
            }

            if (string.Equals(name, AllowProgramsSwitch, StringComparison.OrdinalIgnoreCase) && inlineValue is null)
            {
                rest.Add("--Tasks:AllowExternalPrograms");
                rest.Add("true");
                continue;
            }

            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                throw new SiloHostConfigurationException($"Unexpected argument '{argument}': every setting is a switch with a value, e.g. --storage sqlite. {Usage}");
            }

            // A switch naming a configuration key (--Membership:ProbePeriod 00:00:02) sets any setting.
            var isKey = name.Contains(':', StringComparison.Ordinal);
            if (!isKey && !string.Equals(name, GrainAssemblySwitch, StringComparison.OrdinalIgnoreCase) && !SwitchMappings.ContainsKey(name))
            {
                throw new SiloHostConfigurationException($"Unknown switch '{name}'. {Usage}");
            }

            string value;
            if (inlineValue is not null)
            {
                value = inlineValue;
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                throw new SiloHostConfigurationException($"The switch {name} needs a value. {Usage}");
            }

            if (string.Equals(name, GrainAssemblySwitch, StringComparison.OrdinalIgnoreCase))
            {
                assemblies.Add(value);
            }
            else
            {
                rest.Add(name);
                rest.Add(value);
            }
        }

        return new SiloHostArguments(rest, assemblies, demo);
    }

    /// <summary>One line listing the switches, for error messages.</summary>
    public static string Usage =>
        "Switches: --name NAME, --data-dir DIR, --storage sqlite|postgres, --database PATH|CONNECTION-STRING, --cluster-id ID, " +
        "--secret SECRET | --secret-file PATH, --listen ADDRESS, --port N, --slots N, --allow-programs, --plugin-path DIRS, " +
        "--grain-assembly PATH (repeatable), --demo; any setting as --Section:Key VALUE.";

    private static (string Name, string? Value) SplitSwitch(string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        return argument.StartsWith("--", StringComparison.Ordinal) && equals > 2
            ? (argument[..equals], argument[(equals + 1)..])
            : (argument, null);
    }
}
