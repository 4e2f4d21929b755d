namespace Orleans.Pipeline.SiloHost;

/// <summary>
/// The silo host's own settings (section <c>Silo</c>), beside the runtime's <c>SiloOptions</c> bound from the same
/// section. Command-line switches: <c>--name</c>, <c>--data-dir</c>, <c>--storage sqlite|postgres</c>,
/// <c>--database PATH|CONNECTION-STRING</c>; environment variables: <c>PIPELINE_Silo__Database</c> and so on.
/// </summary>
public sealed class SiloHostSettings
{
    /// <summary>Where the silo keeps its files; the default SQLite database lives here. Default <c>silo-data</c>.</summary>
    public string DataDirectory { get; set; } = "silo-data";

    /// <summary><c>sqlite</c> (default: one machine, nothing to set up) or <c>postgres</c> (several machines).</summary>
    public string Storage { get; set; } = "sqlite";

    /// <summary>The SQLite file or the PostgreSQL connection string. Default: <c>{DataDirectory}/cluster.db</c>.</summary>
    public string Database { get; set; } = "";

    /// <summary>Runs the sample workload against this silo, prints its result and exits.</summary>
    public bool Demo { get; set; }
}
