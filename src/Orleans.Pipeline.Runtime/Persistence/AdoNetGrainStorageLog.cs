using Microsoft.Extensions.Logging;

namespace Orleans.Pipeline.Runtime.Persistence;

/// <summary>The log messages of <see cref="AdoNetGrainStorage"/>.</summary>
internal static partial class AdoNetGrainStorageLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Backend} grain storage: table '{Table}' is ready.")]
    public static partial void SchemaReady(ILogger logger, string backend, string table);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Backend} grain storage: creating table '{Table}' failed; the next operation retries.")]
    public static partial void SchemaFailed(ILogger logger, Exception exception, string backend, string table);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "{Backend} grain storage: {Operation} of {Key} expected ETag {ExpectedEtag} but storage holds {StoredEtag}.")]
    public static partial void EtagConflict(ILogger logger, string backend, string operation, GrainStateKey key, string? expectedEtag, string? storedEtag);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Backend} grain storage: {Operation} of {Key} failed.")]
    public static partial void OperationFailed(ILogger logger, Exception exception, string backend, string operation, GrainStateKey key);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Backend} grain storage: a transaction of {Operations} writes and clears failed; none of them was stored.")]
    public static partial void BatchFailed(ILogger logger, Exception exception, string backend, int operations);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "{Backend} grain storage: the {Operation} of {Key} failed inside a transaction of {Operations}; running them one at a time, so only it fails.")]
    public static partial void BatchSplit(ILogger logger, Exception exception, string backend, string operation, GrainStateKey key, int operations);
}
