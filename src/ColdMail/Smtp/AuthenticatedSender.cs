namespace ColdMail.Smtp;

/// <summary>Who a session logged in as: one mailbox, through one of its auth keys.</summary>
public sealed record AuthenticatedSender(
    Guid WorkspaceId,
    Guid DomainId,
    Guid MailboxId,
    Guid AuthKeyId,
    string Address);
