using ColdMail.Logs;

namespace ColdMail.Queue;

/// <summary>
/// A message that passed every check, with everything its acceptance stores. <see
/// cref="StartsSendingOn"/> is set when the domain has never sent, so the warm-up can count its
/// days from this acceptance.
/// </summary>
public sealed record AcceptedMessage(
    Guid Id,
    Guid WorkspaceId,
    Guid DomainId,
    Guid MailboxId,
    Guid? AuthKeyId,
    string MailFrom,
    string? HeaderMessageId,
    byte[] Content,
    DateTimeOffset ReceivedAt,
    string? ClientAddress,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<EmailLogRecord> Records,
    DateOnly? StartsSendingOn);
