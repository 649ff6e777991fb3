namespace ColdMail.Delivery;

/// <summary>What delivery needs to know of a message besides its bytes.</summary>
/// <param name="Hold">Why the message must not leave now (its domain or mailbox is paused), or null.</param>
public sealed record MessageInfo(
    Guid Id,
    Guid WorkspaceId,
    Guid DomainId,
    string SenderDomain,
    string MailFrom,
    DateTimeOffset ReceivedAt,
    string? Hold = null);
