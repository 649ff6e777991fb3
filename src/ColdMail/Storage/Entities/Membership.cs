namespace ColdMail.Storage.Entities;

/// <summary>A user's role in one workspace.</summary>
public sealed class Membership
{
    public Guid WorkspaceId { get; set; }

    public Guid UserId { get; set; }

    public Role Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
