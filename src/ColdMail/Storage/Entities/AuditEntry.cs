namespace ColdMail.Storage.Entities;

/// <summary>Who changed what in a workspace, and when.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public Guid WorkspaceId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>A user's address, <c>cli:&lt;os user&gt;</c>, a token name or <c>system</c>.</summary>
    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string Target { get; set; }

    public string? Detail { get; set; }
}
