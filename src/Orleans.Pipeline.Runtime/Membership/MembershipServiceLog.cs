using Microsoft.Extensions.Logging;

namespace Orleans.Pipeline.Runtime.Membership;

/// <summary>The log messages of <see cref="MembershipService"/>.</summary>
internal static partial class MembershipServiceLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Silo {SiloName} ({Silo}) joined the cluster at table version {Version}.")]
    public static partial void Joined(ILogger logger, string siloName, SiloAddress silo, long version);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Silo {SiloName} ({Silo}) left the cluster.")]
    public static partial void Left(ILogger logger, string siloName, SiloAddress silo);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Silo {SiloName} ({Silo}) was declared dead by the cluster (status {Status} in table version {Version}); it stops heartbeats and probes.")]
    public static partial void SelfDeclaredDead(ILogger logger, string siloName, SiloAddress silo, SiloStatus status, long version);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Membership: {Silo} is now {Status} (was {PreviousStatus}).")]
    public static partial void StatusChanged(ILogger logger, SiloAddress silo, SiloStatus status, SiloStatus? previousStatus);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Probe of {Silo} failed ({Missed} in a row).")]
    public static partial void ProbeMissed(ILogger logger, SiloAddress silo, int missed);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "Probe of {Silo} threw.")]
    public static partial void ProbeThrew(ILogger logger, Exception exception, SiloAddress silo);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Voted that {Silo} is dead after {Missed} missed probes: {Votes} of {Needed} needed votes.")]
    public static partial void Voted(ILogger logger, SiloAddress silo, int missed, int votes, int needed);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Declared {Silo} dead with {Votes} votes (needed {Needed}; its last heartbeat was {HeartbeatAge} ago).")]
    public static partial void DeclaredOtherDead(ILogger logger, SiloAddress silo, int votes, int needed, TimeSpan heartbeatAge);

    [LoggerMessage(EventId = 108, Level = LogLevel.Debug, Message = "Membership write ({Operation}) lost a race at table version {Version}; reading again.")]
    public static partial void LostRace(ILogger logger, string operation, long version);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "Membership {Step} failed; it runs again in {Period}.")]
    public static partial void StepFailed(ILogger logger, Exception exception, string step, TimeSpan period);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Removed {Count} grain directory entries of dead silo {Silo}.")]
    public static partial void DirectoryCleaned(ILogger logger, int count, SiloAddress silo);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Removing the grain directory entries of dead silo {Silo} failed; the next refresh retries.")]
    public static partial void DirectoryCleanupFailed(ILogger logger, Exception exception, SiloAddress silo);

    [LoggerMessage(EventId = 112, Level = LogLevel.Error, Message = "A membership {Event} handler threw; other handlers still ran.")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string @event);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "Gave up voting on {Silo} after {Attempts} lost races; the next probe round tries again.")]
    public static partial void VoteGaveUp(ILogger logger, SiloAddress silo, int attempts);

    [LoggerMessage(EventId = 114, Level = LogLevel.Information, Message = "Marked {Silo}, an older generation of this silo's endpoint, dead.")]
    public static partial void SupersededOlderGeneration(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 115, Level = LogLevel.Warning, Message = "Deleting defunct membership rows failed; it is retried in {Period}.")]
    public static partial void DefunctCleanupFailed(ILogger logger, Exception exception, TimeSpan period);
}
