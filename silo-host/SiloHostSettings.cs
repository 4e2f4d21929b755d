namespace Orleans.Pipeline.SiloHost;

/// <summary>
/// The silo host's own settings (section <c>Silo</c>), beside the runtime's <c>SiloOptions</c> bound from the same
/// section. Command-line switches: <c>--name</c>, <c>--data-dir</c>, <c>--storage sqlite|postgres</c>,
/// <c>--database PATH|CONNECTION-STRING</c>, <c>--grain-assembly PATH</c> (repeatable); environment variables:
/// <c>PIPELINE_Silo__Database</c>, <c>PIPELINE_Silo__GrainAssemblyFiles__0</c> and so on. Pipeline tasks are set in
/// the sections <c>Pipeline</c> (<c>--slots N</c> = <c>Pipeline:ExecutorSlots</c>) and <c>Tasks</c>
/// (<c>--allow-programs</c> = <c>Tasks:AllowExternalPrograms</c>, <c>--plugin-path</c> = <c>Tasks:PluginPath</c>).
/// </summary>
public sealed class SiloHostSettings
{
    /// <summary>
    /// Where the silo keeps its files: the default SQLite database (grain state, membership and directory), the
    /// generated cluster secret and the outputs of pipeline tasks (<c>jobs/</c>). Relative to the working directory.
    /// Default <c>silo-data</c>.
    /// </summary>
    public string DataDirectory { get; set; } = "silo-data";

    /// <summary><c>sqlite</c> (default: one machine, nothing to set up) or <c>postgres</c> (several machines).</summary>
    public string Storage { get; set; } = "sqlite";

    /// <summary>The SQLite file or the PostgreSQL connection string. Default: <c>{DataDirectory}/cluster.db</c>.</summary>
    public string Database { get; set; } = "";

    /// <summary>Assemblies of grain classes to host besides the built-in sample, by file path. Default none.</summary>
    public IList<string> GrainAssemblyFiles { get; } = [];

    /// <summary>Runs the sample workload against this silo, prints its result and exits.</summary>
    public bool Demo { get; set; }
}
