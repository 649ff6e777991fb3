using ColdMail.Storage.Entities;

namespace ColdMail.Logs;

/// <summary>
/// An email log entry waiting to be written. Immutable, so a write that fails in a batch can be
/// retried alone with fresh rows.
/// </summary>
public sealed record EmailLogRecord(
    Guid WorkspaceId,
    DateTimeOffset At,
    string Event,
    Guid? MessageId = null,
    Guid? DomainId = null,
    string? Mailbox = null,
    string? Recipient = null,
    int? Code = null,
    string? EnhancedCode = null,
    string? Detail = null,
    string? RemoteAddress = null,
    bool? Tls = null)
{
    public EmailLogEntry ToEntity() => new()
    {
        WorkspaceId = WorkspaceId,
        At = At,
        Event = Event,
        MessageId = MessageId,
        DomainId = DomainId,
        Mailbox = Mailbox,
        Recipient = Recipient,
        Code = Code,
        EnhancedCode = EnhancedCode,
        Detail = Detail,
        RemoteAddress = RemoteAddress,
        Tls = Tls,
    };
}
