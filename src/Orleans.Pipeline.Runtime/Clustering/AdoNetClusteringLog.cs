using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Membership;

namespace Orleans.Pipeline.Runtime.Clustering;

/// <summary>The log messages of <see cref="AdoNetMembershipTable"/> and <see cref="AdoNetGrainDirectory"/>.</summary>
internal static partial class AdoNetClusteringLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Backend} membership table of cluster '{ClusterId}' is ready.")]
    public static partial void MembershipReady(ILogger logger, string backend, string clusterId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Backend} cluster database: creating the tables failed; the next operation retries.")]
    public static partial void SchemaFailed(ILogger logger, Exception exception, string backend);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "{Backend} membership table of cluster '{ClusterId}': {Operation} of {Silo} lost a race (expected version {ExpectedVersion}).")]
    public static partial void MembershipConflict(ILogger logger, string backend, string clusterId, string operation, SiloAddress silo, long expectedVersion);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Backend} membership table of cluster '{ClusterId}': {Operation} failed.")]
    public static partial void MembershipFailed(ILogger logger, Exception exception, string backend, string clusterId, string operation);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "{Backend} membership table of cluster '{ClusterId}': deleted {Count} dead members last alive before {Before}.")]
    public static partial void DefunctDeleted(ILogger logger, string backend, string clusterId, int count, DateTimeOffset before);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "{Backend} grain directory of cluster '{ClusterId}': {Operation} failed.")]
    public static partial void DirectoryFailed(ILogger logger, Exception exception, string backend, string clusterId, string operation);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "{Backend} grain directory of cluster '{ClusterId}': removed {Count} entries of {Silo}.")]
    public static partial void SiloUnregistered(ILogger logger, string backend, string clusterId, int count, SiloAddress silo);
}
