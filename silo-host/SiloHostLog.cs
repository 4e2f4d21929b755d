using Microsoft.Extensions.Logging;

namespace Orleans.Pipeline.SiloHost;

/// <summary>The silo host's log messages.</summary>
internal static partial class SiloHostLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Generated a cluster secret into {Path} (readable by this user only). Other silos and clients of this cluster use it with --secret-file {Path}.")]
    public static partial void SecretGenerated(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Using the cluster secret in {Path}. Other silos and clients of this cluster use it with --secret-file {Path}.")]
    public static partial void SecretFromFile(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Using the cluster secret given in the configuration.")]
    public static partial void SecretConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster secret file {Path} is accessible to other users: restrict it with chmod 600.")]
    public static partial void SecretFileExposed(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded grain assembly {Path}.")]
    public static partial void GrainAssemblyLoaded(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster '{ClusterId}' on {Storage}; {ListenAddress}, port {Port} (0: any free port).")]
    public static partial void Clustering(ILogger logger, string clusterId, string storage, string listenAddress, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline tasks: {Slots} executor slots; external programs allowed: {ProgramsAllowed}; outputs in {DataDirectory}.")]
    public static partial void Pipeline(ILogger logger, int slots, bool programsAllowed, string dataDirectory);
}
