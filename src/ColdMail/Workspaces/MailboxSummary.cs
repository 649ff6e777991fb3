namespace ColdMail.Workspaces;

/// <summary>One row of a mailbox listing.</summary>
/// <param name="DailyCap">The cap in force: the mailbox's own, or else its domain's default.</param>
public sealed record MailboxSummary(
    Guid Id,
    string Address,
    string? DisplayName,
    bool IsActive,
    bool IsPaused,
    int DailyCap,
    bool DailyCapIsDomainDefault,
    int KeyCount,
    DateTimeOffset CreatedAt);
