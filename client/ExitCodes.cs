namespace Orleans.Pipeline.Client;

/// <summary>The client's exit codes, which scripts can rely on.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked (a watched job succeeded; the demo's counts were verified).</summary>
    public const int Success = 0;

    /// <summary>
    /// A watched job failed or was cancelled, the results of a job that has not succeeded (or whose outputs were purged)
    /// were asked for, a running job was to be purged, or the demo's check failed.
    /// </summary>
    public const int JobFailed = 1;

    /// <summary>Bad input: a usage error, a job file that cannot be read, or a spec rejected locally or by the cluster (nothing was created).</summary>
    public const int BadInput = 2;

    /// <summary>The cluster could not be reached: no gateway answered, none is active in the cluster database, the secret was refused, or a call timed out.</summary>
    public const int Unreachable = 3;

    /// <summary>No job has the given id.</summary>
    public const int UnknownJob = 4;

    /// <summary>The cluster reached failed the request for another reason; the message says which.</summary>
    public const int Error = 5;

    /// <summary>Interrupted (Ctrl+C) before the command finished; a submitted job keeps running.</summary>
    public const int Interrupted = 130;
}
