using Microsoft.Extensions.Logging;

namespace StadtLabor.Jobs;

/// <summary>Job names and period keys only: nothing a job reads or writes ends up in the log.</summary>
internal static partial class Log
{
    // Level from the caller: minute jobs run 1,440 times a day, so their routine runs log at Debug (failures stay loud).
    [LoggerMessage(EventId = 4001, Message = "Job {Job} starting for period {Period}")]
    public static partial void Starting(ILogger logger, LogLevel level, string job, string period);

    [LoggerMessage(EventId = 4002, Message = "Job {Job} completed period {Period} in {ElapsedMs} ms")]
    public static partial void Completed(ILogger logger, LogLevel level, string job, string period, long elapsedMs);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Job {Job} skipped: period {Period} was already completed")]
    public static partial void AlreadyDone(ILogger logger, string job, string period);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Job {Job} failed for period {Period}; the period stays open, incident {Incident}: {Exception}")]
    public static partial void Failed(ILogger logger, string job, string period, string incident, string exception);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Job {Job}: its failure could not be recorded for the status card ({ExceptionType})")]
    public static partial void FailureNotRecorded(ILogger logger, string job, string exceptionType);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Job {Job} cancelled for period {Period} (shutting down)")]
    public static partial void Cancelled(ILogger logger, string job, string period);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Job {Job} fired but is not registered in this version of the app")]
    public static partial void NotRegistered(ILogger logger, string job);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Information, Message = "Job {Job}: period {Period} will be retried (attempt {Attempt} of {Attempts}) at {RetryAt:O}")]
    public static partial void RetryScheduled(ILogger logger, string job, string period, int attempt, int attempts, DateTimeOffset retryAt);

    // Level from the caller: giving up after retries is a Warning, not retrying at all (the period ends first) is not.
    [LoggerMessage(EventId = 4031, Message = "Job {Job}: period {Period} is not retried again after {Retries} retries ({Reason}); the next scheduled run takes it over")]
    public static partial void RetriesOver(ILogger logger, LogLevel level, string job, string period, int retries, string reason);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Warning, Message = "Job {Job}: the retry of period {Period} could not be scheduled ({ExceptionType}); the next scheduled run takes it over")]
    public static partial void RetryNotScheduled(ILogger logger, string job, string period, string exceptionType);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Job {Job} scheduled: {Cron} Europe/Berlin, holidays {Holidays}, next run {Next}")]
    public static partial void Scheduled(ILogger logger, string job, string cron, string holidays, DateTimeOffset? next);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Debug, Message = "Job {Job} schedule unchanged, next run {Next}")]
    public static partial void Kept(ILogger logger, string job, DateTimeOffset? next);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "Job {Job} removed from the scheduler ({Reason})")]
    public static partial void Removed(ILogger logger, string job, string reason);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Information, Message = "Job tables ready on {Provider}")]
    public static partial void SchemaReady(ILogger logger, JobsDatabaseKind provider);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Job periods purged: {Count} records completed before {Before:O}")]
    public static partial void Purged(ILogger logger, int count, DateTimeOffset before);
}
