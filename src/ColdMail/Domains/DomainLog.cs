namespace ColdMail.Domains;

/// <summary>The log lines of domain checks, with fixed event ids in the 4100 range.</summary>
internal static partial class DomainLog
{
    [LoggerMessage(4100, LogLevel.Information, "Domain {Domain} is verified")]
    public static partial void Verified(ILogger logger, string domain);

    [LoggerMessage(4101, LogLevel.Warning, "Domain {Domain} is failing: {Problems}")]
    public static partial void Failing(ILogger logger, string domain, string problems);

    [LoggerMessage(4102, LogLevel.Information, "Domain {Domain} now signs with DKIM selector {Selector}")]
    public static partial void KeyActivated(ILogger logger, string domain, string selector);

    [LoggerMessage(4103, LogLevel.Error, "Re-checking domain {Domain} failed")]
    public static partial void RecheckFailed(ILogger logger, Exception exception, string domain);

    [LoggerMessage(4104, LogLevel.Debug, "Re-checked {Count} domain(s)")]
    public static partial void Rechecked(ILogger logger, int count);

    [LoggerMessage(4105, LogLevel.Error, "A round of domain re-checks failed; the next starts in a minute")]
    public static partial void RecheckRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(4106, LogLevel.Warning, "Domain {Domain} paused itself: {Reason}")]
    public static partial void AutoPaused(ILogger logger, string domain, string reason);

    [LoggerMessage(4107, LogLevel.Error,
        "Judging the bounce rates of domain {DomainId} failed; the next bounce judges again")]
    public static partial void AutoPauseFailed(ILogger logger, Exception exception, Guid domainId);
}
