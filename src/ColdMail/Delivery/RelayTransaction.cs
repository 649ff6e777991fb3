using System.Text;

namespace ColdMail.Delivery;

/// <summary>
/// One mail transaction on an open session (RFC 5321 §3.3): MAIL, a RCPT per recipient, DATA and the
/// content. With PIPELINING (RFC 2920 §3.1) MAIL, every RCPT and DATA go out in one write. Replies are kept
/// as they arrive, so a transaction that breaks off still tells how far it got.
/// </summary>
internal sealed class RelayTransaction(RelayConnection connection, string mailFrom, IReadOnlyList<string> recipients)
{
    public RelayReply? MailReply { get; private set; }

    /// <summary>Each recipient's RCPT reply, by index; null where none came.</summary>
    public RelayReply?[] RecipientReplies { get; } = new RelayReply?[recipients.Count];

    /// <summary>The refusal of DATA, or the reply after the content; null where none came.</summary>
    public RelayReply? DataReply { get; private set; }

    public int RepliesSeen { get; private set; }

    public bool AnyRecipientAccepted => RecipientReplies.Any(r => r is { IsPositive: true });

    /// <summary>True when a reply said 421: the server is closing the session (RFC 5321 §3.8).</summary>
    public bool ClosedByServer => MailReply is { ClosesSession: true } || DataReply is { ClosesSession: true }
        || RecipientReplies.Any(r => r is { ClosesSession: true });

    /// <summary>
    /// Runs the transaction. Refusals are recorded, not thrown; I/O failures, timeouts and protocol faults
    /// are thrown with what was seen kept. Throws <see cref="RelayException"/> (Unsupported) before sending
    /// anything when non-ASCII addresses meet a server without SMTPUTF8 (RFC 6531 §3.2).
    /// </summary>
    public async Task RunAsync(ReadOnlyMemory<byte> head, ReadOnlyMemory<byte> body, CancellationToken token)
    {
        var capabilities = connection.Capabilities;
        var international = !Ascii.IsValid(mailFrom) || recipients.Any(r => !Ascii.IsValid(r));
        if (international && !capabilities.SmtpUtf8)
        {
            throw new RelayException(RelayFault.Unsupported, "SMTPUTF8 is not offered.");
        }

        var mail = new StringBuilder(64 + (recipients.Count * 48)).Append("MAIL FROM:<").Append(mailFrom).Append('>');
        if (capabilities.Size is not null)
        {
            mail.Append(" SIZE=").Append(head.Length + body.Length);
        }
        if (capabilities.EightBitMime && !(Ascii.IsValid(head.Span) && Ascii.IsValid(body.Span)))
        {
            mail.Append(" BODY=8BITMIME");
        }
        if (international)
        {
            mail.Append(" SMTPUTF8");
        }
        mail.Append("\r\n");

        var dataSent = capabilities.Pipelining
            ? await PipelinedAsync(mail, token)
            : await StepByStepAsync(mail, token);
        if (!dataSent)
        {
            if (!ClosedByServer)
            {
                // Leaves the server in a clean state for the next transaction on this session.
                await connection.CommandAsync("RSET\r\n", token);
            }
            return;
        }
        if (!AnyRecipientAccepted)
        {
            // RFC 2920 §3.1: DATA was taken with no recipient; an empty message ends it and goes nowhere.
            await connection.WriteAsync(".\r\n", token);
            await ReadAsync(token);
            return;
        }
        await connection.WriteDataAsync(head, body, token);
        DataReply = await ReadAsync(token);
    }

    /// <summary>True when the server said 354 and waits for the content.</summary>
    private async Task<bool> PipelinedAsync(StringBuilder commands, CancellationToken token)
    {
        foreach (var recipient in recipients)
        {
            commands.Append("RCPT TO:<").Append(recipient).Append(">\r\n");
        }
        commands.Append("DATA\r\n");
        await connection.WriteAsync(commands.ToString(), token);
        MailReply = await ReadAsync(token);
        for (var i = 0; i < recipients.Count; i++)
        {
            RecipientReplies[i] = await ReadAsync(token);
        }
        var data = await ReadAsync(token);
        if (data.Code == 354)
        {
            return true;
        }
        DataReply = data;
        return false;
    }

    private async Task<bool> StepByStepAsync(StringBuilder mail, CancellationToken token)
    {
        MailReply = await connection.CommandAsync(mail.ToString(), token);
        RepliesSeen++;
        if (!MailReply.Value.IsPositive)
        {
            return false;
        }
        for (var i = 0; i < recipients.Count; i++)
        {
            RecipientReplies[i] = await connection.CommandAsync($"RCPT TO:<{recipients[i]}>\r\n", token);
            RepliesSeen++;
            if (RecipientReplies[i]!.Value.ClosesSession)
            {
                return false;
            }
        }
        if (!AnyRecipientAccepted)
        {
            return false;
        }
        var data = await connection.CommandAsync("DATA\r\n", token);
        RepliesSeen++;
        if (data.Code == 354)
        {
            return true;
        }
        DataReply = data;
        return false;
    }

    private async Task<RelayReply> ReadAsync(CancellationToken token)
    {
        var reply = await connection.ReadReplyAsync(token);
        RepliesSeen++;
        return reply;
    }
}
