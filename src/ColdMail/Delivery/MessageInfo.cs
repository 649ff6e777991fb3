namespace ColdMail.Delivery;

/// <summary>What delivery needs to know of a message besides its bytes.</summary>
public sealed record MessageInfo(
    Guid Id,
    Guid WorkspaceId,
    Guid DomainId,
    string SenderDomain,
    string MailFrom,
    DateTimeOffset ReceivedAt);
