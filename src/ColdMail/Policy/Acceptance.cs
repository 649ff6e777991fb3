using ColdMail.Logs;
using ColdMail.Queue;
using ColdMail.Smtp;

namespace ColdMail.Policy;

/// <summary>Everything the acceptance of a checked message stores, gathered in one value.</summary>
internal static class Acceptance
{
    public static AcceptedMessage Of(
        SubmissionContext context,
        AuthenticatedSender sender,
        SenderStanding standing,
        Guid messageId,
        DateTimeOffset now,
        PreparedMessage prepared,
        List<string> recipients)
    {
        var reply = SmtpReplies.MessageQueued(messageId);
        var records = new List<EmailLogRecord>(recipients.Count + 1)
        {
            SubmissionRecords.Received(context, sender, messageId, now, reply),
        };
        records.AddRange(recipients.Select(r =>
            SubmissionRecords.Queued(sender, messageId, now, r, Addresses.DomainOf(r))));

        // The warm-up counts its days from the first acceptance of the domain.
        DateOnly? startsSending = standing.Domain.SendingStartedOn is null
            ? DateOnly.FromDateTime(now.UtcDateTime)
            : null;
        return new AcceptedMessage(
            messageId,
            sender.WorkspaceId,
            sender.DomainId,
            sender.MailboxId,
            sender.AuthKeyId,
            standing.Mailbox.Address,
            prepared.HeaderMessageId,
            prepared.Content,
            now,
            context.RemoteAddress.ToString(),
            recipients,
            records,
            startsSending);
    }
}
