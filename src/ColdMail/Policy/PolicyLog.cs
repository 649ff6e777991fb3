namespace ColdMail.Policy;

/// <summary>
/// The operator's log lines of the submission policy. Never a secret: login names pass through
/// <see cref="LoginName"/> first, and passwords are never given to a logger.
/// </summary>
internal static partial class PolicyLog
{
    [LoggerMessage(3101, LogLevel.Debug,
        "Session {SessionId} from {RemoteIp} logged in as {Mailbox}")]
    public static partial void LoginSucceeded(
        ILogger logger,
        string sessionId,
        string remoteIp,
        string mailbox);

    [LoggerMessage(3102, LogLevel.Information,
        "Session {SessionId} from {RemoteIp} failed to log in as {UserName}")]
    public static partial void LoginFailed(
        ILogger logger,
        string sessionId,
        string remoteIp,
        string userName);

    [LoggerMessage(3103, LogLevel.Warning,
        "Logins from {RemoteIp} or as {UserName} are throttled after repeated failures "
        + "(session {SessionId})")]
    public static partial void LoginThrottleEngaged(
        ILogger logger,
        string sessionId,
        string remoteIp,
        string userName);

    [LoggerMessage(3104, LogLevel.Debug,
        "Session {SessionId} from {RemoteIp} refused a login as {UserName} while throttled")]
    public static partial void LoginThrottled(
        ILogger logger,
        string sessionId,
        string remoteIp,
        string userName);

    [LoggerMessage(3105, LogLevel.Information,
        "Session {SessionId} refused {Command}: {Code} {EnhancedCode} {Text}")]
    public static partial void Refused(
        ILogger logger,
        string sessionId,
        string command,
        int code,
        string? enhancedCode,
        string text);

    [LoggerMessage(3106, LogLevel.Warning,
        "Session {SessionId}: {Limit} limit of {Cap} for {Subject} reached")]
    public static partial void LimitReached(
        ILogger logger,
        string sessionId,
        string limit,
        int cap,
        string subject);

    [LoggerMessage(3107, LogLevel.Information,
        "Session {SessionId} queued message {MessageId} for {Count} recipients")]
    public static partial void Queued(ILogger logger, string sessionId, Guid messageId, int count);

    [LoggerMessage(3108, LogLevel.Error,
        "Session {SessionId}: {Command} failed; the client was told to try again")]
    public static partial void StorageFailed(
        ILogger logger,
        Exception exception,
        string sessionId,
        string command);

    [LoggerMessage(3109, LogLevel.Error,
        "Session {SessionId}: {Count} send-limit units were not given back")]
    public static partial void ReleaseFailed(
        ILogger logger,
        Exception exception,
        string sessionId,
        int count);

    [LoggerMessage(3110, LogLevel.Error,
        "Session {SessionId}: email log entries were not written")]
    public static partial void RecordFailed(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(3111, LogLevel.Warning,
        "Session {SessionId}: email log entries were not written; the server is shutting down")]
    public static partial void RecordSkipped(ILogger logger, string sessionId);

    [LoggerMessage(3112, LogLevel.Error,
        "Session {SessionId}: time zone {TimeZone} of domain {Domain} is not on this system; "
        + "its mail is refused until the zone is installed or changed")]
    public static partial void TimeZoneMissing(
        ILogger logger,
        Exception exception,
        string sessionId,
        string domain,
        string? timeZone);
}
