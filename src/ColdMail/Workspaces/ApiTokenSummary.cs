using ColdMail.Storage.Entities;

namespace ColdMail.Workspaces;

/// <summary>What may be shown of an API token after its creation: never the secret nor its hash.</summary>
public sealed record ApiTokenSummary(
    Guid Id,
    string Name,
    Role Role,
    string Hint,
    DateTimeOffset CreatedAt);
