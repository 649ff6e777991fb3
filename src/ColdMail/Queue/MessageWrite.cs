using ColdMail.Policy;
using ColdMail.Storage;
using ColdMail.Storage.Entities;

namespace ColdMail.Queue;

/// <summary>
/// The acceptance of one message: the message, its body, its recipients and its log entries. A body already in the
/// body files (<paramref name="body"/>) is recorded by where it lies; otherwise it is a row of its own.
/// </summary>
internal sealed class MessageWrite(AcceptedMessage message, BodyLocation? body, CancellationToken requestAborted)
    : PendingWrite(requestAborted)
{
    private const string MessageSql = """
        INSERT INTO messages (id, workspace_id, domain_id, mailbox_id, auth_key_id, mail_from, header_message_id,
            size, received_at, client_address, body_segment, body_offset, body_checksum)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12)
        """;

    private const string RecipientSql = """
        INSERT INTO message_recipients (message_id, address, domain, state, attempts, next_attempt_at, updated_at)
        VALUES (@p0, @p1, @p2, @p3, 0, @p4, @p4)
        """;

    private const string BodySql = "INSERT INTO message_bodies (message_id, content) VALUES (@p0, @p1)";

    // The warm-up counts its days from the first acceptance of the domain.
    private const string StartSendingSql = """
        UPDATE domains SET sending_started_on = @p1 WHERE id = @p0 AND sending_started_on IS NULL
        """;

    private static readonly string Scheduled = nameof(RecipientState.Scheduled);

    // A client that hung up before the commit never saw 250 and will send again: storing it would
    // duplicate.
    public override bool IsAbandoned => RequestAborted.IsCancellationRequested;

    public override bool AddsQueueWork => true;

    public AcceptedMessage Message => message;

    public override long Bytes => message.Content.LongLength;

    public override async Task StageAsync(WriteSession session, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync(MessageSql, cancellationToken,
            message.Id, message.WorkspaceId, message.DomainId, message.MailboxId, message.AuthKeyId,
            message.MailFrom, message.HeaderMessageId, message.Content.LongLength, message.ReceivedAt,
            message.ClientAddress, body?.Segment, body?.Offset, body?.Checksum);
        foreach (var address in message.Recipients)
        {
            await session.ExecuteAsync(RecipientSql, cancellationToken,
                message.Id, address, Addresses.DomainOf(address), Scheduled, message.ReceivedAt);
        }
        if (body is null)
        {
            await session.ExecuteAsync(BodySql, cancellationToken, message.Id, message.Content);
        }
        foreach (var record in message.Records)
        {
            await session.AppendLogAsync(record.ToEntity(), cancellationToken);
        }
        if (message.StartsSendingOn is { } day)
        {
            await session.ExecuteAsync(StartSendingSql, cancellationToken, message.DomainId, day);
        }
    }
}
