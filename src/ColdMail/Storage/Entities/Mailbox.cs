namespace ColdMail.Storage.Entities;

/// <summary>One sender address under a domain.</summary>
public sealed class Mailbox
{
    public Guid Id { get; set; }

    public Guid WorkspaceId { get; set; }

    public Guid DomainId { get; set; }

    /// <summary>Lower-cased, with the domain in its ASCII form; unique across the installation.</summary>
    public required string Address { get; set; }

    public string? DisplayName { get; set; }

    public bool IsActive { get; set; }

    public DateTimeOffset? PausedAt { get; set; }

    public string? PauseReason { get; set; }

    public string? PausedBy { get; set; }

    /// <summary>This mailbox's own daily cap; null means the domain's default per-mailbox cap.</summary>
    public int? DailyLimit { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public bool IsPaused => PausedAt is not null;
}
