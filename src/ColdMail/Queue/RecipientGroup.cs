using ColdMail.Storage.Entities;

namespace ColdMail.Queue;

/// <summary>Leased recipients of one message at one domain: they travel in one SMTP transaction.</summary>
public sealed record RecipientGroup(Guid MessageId, string Domain, IReadOnlyList<MessageRecipient> Recipients)
{
    /// <summary>Groups a leased batch, oldest due work first, recipients in id order within a group.</summary>
    public static IReadOnlyList<RecipientGroup> From(IEnumerable<MessageRecipient> leased) => [.. leased
        .GroupBy(r => (r.MessageId, Domain: r.Domain.ToLowerInvariant()))
        .Select(g => new RecipientGroup(g.Key.MessageId, g.Key.Domain, [.. g.OrderBy(r => r.Id)]))
        .OrderBy(g => g.Recipients.Min(r => r.NextAttemptAt))
        .ThenBy(g => g.MessageId)];
}
