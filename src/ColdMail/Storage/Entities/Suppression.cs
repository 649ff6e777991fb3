namespace ColdMail.Storage.Entities;

/// <summary>An address the workspace must not send to again.</summary>
public sealed class Suppression
{
    public long Id { get; set; }

    public Guid WorkspaceId { get; set; }

    /// <summary>Lower-cased address.</summary>
    public required string Address { get; set; }

    /// <summary>hard-bounce, unsubscribe, complaint or manual.</summary>
    public required string Reason { get; set; }

    public string? Detail { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
