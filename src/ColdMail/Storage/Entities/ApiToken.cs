namespace ColdMail.Storage.Entities;

/// <summary>A bearer token for the HTTP API, scoped to one workspace. Only a hash of the secret is kept.</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }

    public Guid WorkspaceId { get; set; }

    public required string Name { get; set; }

    public Role Role { get; set; }

    public required byte[] SecretHash { get; set; }

    public required string Hint { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
