namespace ColdMail.Storage.Entities;

/// <summary>A sending domain: the trust boundary and the container of send policy.</summary>
public sealed class Domain
{
    public Guid Id { get; set; }

    public Guid WorkspaceId { get; set; }

    /// <summary>ASCII (IDNA) form, lower case; unique across the installation.</summary>
    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DomainVerificationState VerificationState { get; set; }

    public DateTimeOffset? VerifiedAt { get; set; }

    public DateTimeOffset? FailingSince { get; set; }

    public DateTimeOffset? LastCheckedAt { get; set; }

    public DateTimeOffset? PausedAt { get; set; }

    public string? PauseReason { get; set; }

    public string? PausedBy { get; set; }

    /// <summary>Accepted recipients per clock hour for the whole domain; null means no hourly cap.</summary>
    public int? HourlyLimit { get; set; }

    /// <summary>Accepted recipients per UTC day for the whole domain; null means no daily cap.</summary>
    public int? DailyLimit { get; set; }

    /// <summary>Default daily cap for each mailbox of the domain.</summary>
    public int MailboxDailyLimit { get; set; }

    /// <summary>Warm-up: the daily cap on the first sending day; null means no warm-up.</summary>
    public int? WarmupStart { get; set; }

    /// <summary>Warm-up: how much the daily cap grows each day after the first.</summary>
    public int? WarmupStep { get; set; }

    /// <summary>The UTC day the domain first had mail accepted; the warm-up counts days from it.</summary>
    public DateOnly? SendingStartedOn { get; set; }

    /// <summary>Start of the daily sending window, in <see cref="SendingTimeZone"/>; null: any hour.</summary>
    public TimeOnly? SendingHoursStart { get; set; }

    /// <summary>End of the window (exclusive); before the start when it crosses midnight.</summary>
    public TimeOnly? SendingHoursEnd { get; set; }

    /// <summary>IANA time zone id of the sending window, such as Europe/Berlin; null means UTC.</summary>
    public string? SendingTimeZone { get; set; }

    /// <summary>Whether outgoing mail carries a one-click unsubscribe link (RFC 8058) per recipient.</summary>
    public bool OneClickUnsubscribe { get; set; }

    public bool IsPaused => PausedAt is not null;
}
