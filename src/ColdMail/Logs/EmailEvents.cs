namespace ColdMail.Logs;

/// <summary>The names of email log events, as stored and as filtered on.</summary>
public static class EmailEvents
{
    public const string Received = "received";
    public const string Rejected = "rejected";
    public const string Queued = "queued";
    public const string Deferred = "deferred";
    public const string Delivered = "delivered";
    public const string Bounced = "bounced";
    public const string Expired = "expired";
    public const string Suppressed = "suppressed";
    public const string Unsubscribed = "unsubscribed";
    public const string AuthFailed = "auth.failed";
    public const string DomainVerified = "domain.verified";
    public const string DomainFailing = "domain.failing";
    public const string DomainPaused = "domain.paused";
    public const string DomainResumed = "domain.resumed";
    public const string LimitChanged = "limit.changed";
}
