using ColdMail.Smtp;

namespace ColdMail.Logs;

/// <summary>
/// The email log entries of the submission path, each carrying the reply the client was given.
/// </summary>
public static class SubmissionRecords
{
    public static EmailLogRecord Rejected(
        SubmissionContext context,
        AuthenticatedSender sender,
        DateTimeOffset at,
        SmtpReply reply,
        string? recipient) => new(
            sender.WorkspaceId,
            at,
            EmailEvents.Rejected,
            DomainId: sender.DomainId,
            Mailbox: sender.Address,
            Recipient: recipient,
            Code: reply.Code,
            EnhancedCode: reply.EnhancedCode,
            Detail: reply.Text,
            RemoteAddress: context.RemoteAddress.ToString(),
            Tls: context.IsTls);

    public static EmailLogRecord Received(
        SubmissionContext context,
        AuthenticatedSender sender,
        Guid messageId,
        DateTimeOffset at,
        SmtpReply reply) => new(
            sender.WorkspaceId,
            at,
            EmailEvents.Received,
            MessageId: messageId,
            DomainId: sender.DomainId,
            Mailbox: sender.Address,
            Code: reply.Code,
            EnhancedCode: reply.EnhancedCode,
            Detail: reply.Text,
            RemoteAddress: context.RemoteAddress.ToString(),
            Tls: context.IsTls);

    public static EmailLogRecord Queued(
        AuthenticatedSender sender,
        Guid messageId,
        DateTimeOffset at,
        string recipient,
        string recipientDomain) => new(
            sender.WorkspaceId,
            at,
            EmailEvents.Queued,
            MessageId: messageId,
            DomainId: sender.DomainId,
            Mailbox: sender.Address,
            Recipient: recipient,
            Detail: $"Scheduled for delivery to {recipientDomain}");

    /// <summary>
    /// A failed login, before its workspace is known: the writer files it under the workspace of
    /// the mailbox the name belongs to. Only the name tried and the client address are kept, never
    /// the secret.
    /// </summary>
    public static EmailLogRecord AuthFailed(
        SubmissionContext context,
        string address,
        DateTimeOffset at,
        SmtpReply reply) => new(
            Guid.Empty,
            at,
            EmailEvents.AuthFailed,
            Mailbox: address,
            Code: reply.Code,
            EnhancedCode: reply.EnhancedCode,
            Detail: reply.Text,
            RemoteAddress: context.RemoteAddress.ToString(),
            Tls: context.IsTls);
}
