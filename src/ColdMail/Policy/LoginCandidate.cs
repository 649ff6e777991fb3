namespace ColdMail.Policy;

/// <summary>
/// One auth key of the mailbox a login names, with what a successful login needs to know.
/// </summary>
internal sealed record LoginCandidate(
    Guid KeyId,
    byte[] SecretHash,
    bool IsEnabled,
    Guid MailboxId,
    Guid DomainId,
    Guid WorkspaceId,
    string Address);
