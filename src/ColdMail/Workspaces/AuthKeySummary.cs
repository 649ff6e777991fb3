namespace ColdMail.Workspaces;

/// <summary>What may be shown of an auth key after its creation: never the secret nor its hash.</summary>
public sealed record AuthKeySummary(
    Guid Id,
    string Mailbox,
    string Name,
    bool IsEnabled,
    string Hint,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    string? LastUsedFrom);
