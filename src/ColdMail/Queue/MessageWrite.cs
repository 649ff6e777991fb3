using ColdMail.Policy;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Queue;

/// <summary>
/// The acceptance of one message: the message, its body, its recipients and its log entries.
/// </summary>
internal sealed class MessageWrite(AcceptedMessage message, CancellationToken requestAborted)
    : PendingWrite(requestAborted)
{
    // A client that hung up before the commit never saw 250 and will send again: storing it would
    // duplicate.
    public override bool IsAbandoned => RequestAborted.IsCancellationRequested;

    public override bool AddsQueueWork => true;

    public override long Bytes => message.Content.LongLength;

    public override async Task StageAsync(ColdMailDbContext db, CancellationToken cancellationToken)
    {
        var row = new Message
        {
            Id = message.Id,
            WorkspaceId = message.WorkspaceId,
            DomainId = message.DomainId,
            MailboxId = message.MailboxId,
            AuthKeyId = message.AuthKeyId,
            MailFrom = message.MailFrom,
            HeaderMessageId = message.HeaderMessageId,
            Size = message.Content.LongLength,
            ReceivedAt = message.ReceivedAt,
            ClientAddress = message.ClientAddress,
        };
        foreach (var address in message.Recipients)
        {
            row.Recipients.Add(new MessageRecipient
            {
                MessageId = message.Id,
                Address = address,
                Domain = Addresses.DomainOf(address),
                State = RecipientState.Scheduled,
                NextAttemptAt = message.ReceivedAt,
                UpdatedAt = message.ReceivedAt,
            });
        }
        db.Messages.Add(row);
        db.MessageBodies.Add(new MessageBody { MessageId = message.Id, Content = message.Content });
        db.EmailLog.AddRange(message.Records.Select(r => r.ToEntity()));

        if (message.StartsSendingOn is { } day)
        {
            await db.Domains
                .Where(d => d.Id == message.DomainId && d.SendingStartedOn == null)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(d => d.SendingStartedOn, day),
                    cancellationToken);
        }
    }
}
