namespace Orleans.Pipeline.Tasks;

/// <summary>
/// How a silo runs task code: where user functions are loaded from and whether external programs may run. Bound from
/// the <see cref="SectionName"/> configuration section by the silo host.
/// </summary>
public sealed class TaskOptions
{
    /// <summary>The configuration section these options are bound from: <c>Tasks</c>.</summary>
    public const string SectionName = "Tasks";

    /// <summary>
    /// Directories searched (with their subdirectories) for assemblies of user task functions, separated by
    /// <see cref="Path.PathSeparator"/>. Default null: no user functions.
    /// </summary>
    public string? PluginPath { get; set; }

    /// <summary>
    /// Whether stages may run external programs (<c>program: "python3 script.py"</c>) on this silo. Programs run with the
    /// silo's privileges, so this is off unless the operator turns it on. Default false.
    /// </summary>
    public bool AllowExternalPrograms { get; set; }

    /// <summary>
    /// How long an external program may stay silent (no protocol message) while it has work before its task fails
    /// with a retryable error. Default 60 s.
    /// </summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The directory against which relative file names in a program's command line are resolved (a token naming an
    /// existing file there is replaced by its absolute path). Default null: the silo's current directory.
    /// </summary>
    public string? ProgramDirectory { get; set; }

    /// <summary>How many of a failed program's last standard-error lines its error message carries. Default 20.</summary>
    public int StandardErrorTailLines { get; set; } = 20;
}
