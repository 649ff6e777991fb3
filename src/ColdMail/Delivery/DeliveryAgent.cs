using System.Net;
using ColdMail.Configuration;
using ColdMail.Dkim;
using ColdMail.Logs;
using ColdMail.Queue;
using ColdMail.Storage;
using Microsoft.Extensions.Options;

namespace ColdMail.Delivery;

/// <summary>
/// Makes one attempt for one group: loads the message, signs it, finds the route and hands it over,
/// then decides each recipient's outcome. It writes nothing; the recorder does.
/// </summary>
internal sealed partial class DeliveryAgent(
    ColdMailDatabase database,
    RecentBodies bodies,
    MessageSigner signer,
    MxResolver resolver,
    SmtpTransport transport,
    ReturnPath returnPath,
    UnsubscribeLinks unsubscribeLinks,
    RetryPolicy retry,
    IOptions<ColdMailOptions> options,
    TimeProvider time,
    ILogger<DeliveryAgent> logger)
{
    // One round trip, once per delivery attempt: the message, its body (or where the body files keep it), and
    // the sending domain's and mailbox's state.
    private const string LoadSql = """
        SELECT m.id, m.workspace_id, m.domain_id, m.mail_from, m.received_at, b.content,
            d.name, d.paused_at, d.one_click_unsubscribe, x.paused_at,
            m.body_segment, m.body_offset, m.size, m.body_checksum
        FROM messages AS m
        LEFT JOIN message_bodies AS b ON b.message_id = m.id
        LEFT JOIN domains AS d ON d.id = m.domain_id
        LEFT JOIN mailboxes AS x ON x.id = m.mailbox_id
        WHERE m.id = @p0
        """;

    // The same for a message whose body this process still holds from its acceptance.
    private const string LoadWithoutBodySql = """
        SELECT m.id, m.workspace_id, m.domain_id, m.mail_from, m.received_at, NULL,
            d.name, d.paused_at, d.one_click_unsubscribe, x.paused_at, NULL, NULL, NULL, NULL
        FROM messages AS m
        LEFT JOIN domains AS d ON d.id = m.domain_id
        LEFT JOIN mailboxes AS x ON x.id = m.mailbox_id
        WHERE m.id = @p0
        """;

    private readonly DeliveryOptions _options = options.Value.Delivery;

    /// <summary>The message's facts and each recipient's outcome; null when the message is gone.</summary>
    public async Task<(MessageInfo Message, IReadOnlyList<RecipientOutcome> Outcomes)?> DeliverAsync(
        RecipientGroup group,
        CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(group.MessageId, cancellationToken);
        if (loaded is null)
        {
            LogMessageMissing(logger, group.MessageId);
            return null;
        }
        var (info, content, unsubscribe) = loaded.Value;

        var results = unsubscribe && unsubscribeLinks.Enabled && group.Recipients.Count > 1
            ? await AttemptEachAsync(info, content, group, cancellationToken)
            : await GuardedAttemptAsync(info, content, group, unsubscribe, cancellationToken);
        var now = time.GetUtcNow();
        var outcomes = group.Recipients
            .Select((r, i) => new RecipientOutcome(
                r, retry.Decide(results[i], r.Attempts + 1, info.ReceivedAt, now)))
            .ToList();
        return (info, outcomes);
    }

    /// <summary>
    /// One transaction per recipient: each copy carries its own unsubscribe link under its own signature,
    /// and a link must never reach a recipient it does not name.
    /// </summary>
    private async Task<IReadOnlyList<AttemptResult>> AttemptEachAsync(
        MessageInfo info,
        byte[]? content,
        RecipientGroup group,
        CancellationToken cancellationToken)
    {
        var results = new List<AttemptResult>(group.Recipients.Count);
        foreach (var recipient in group.Recipients)
        {
            var single = group with { Recipients = [recipient] };
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                results.AddRange(await GuardedAttemptAsync(info, content, single, true, cancellationToken));
            }
            catch (OperationCanceledException) when (results.Count > 0)
            {
                // Those already sent must be recorded as sent, or a retry would send them twice.
                results.Add(new AttemptResult(DeliveryStage.Local, null, null,
                    "Delivery stopped for shutdown before this recipient's copy was sent; it is retried."));
            }
        }
        return results;
    }

    private async Task<IReadOnlyList<AttemptResult>> GuardedAttemptAsync(
        MessageInfo info,
        byte[]? content,
        RecipientGroup group,
        bool unsubscribe,
        CancellationToken cancellationToken)
    {
        try
        {
            return await AttemptAsync(info, content, group, unsubscribe, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException
            || !cancellationToken.IsCancellationRequested)
        {
            // Unknown failures are temporary: the message is retried and expires on schedule if it persists.
            LogAttemptFailed(logger, ex, info.Id);
            var failure = new AttemptResult(DeliveryStage.Local, null, null,
                $"Delivery failed inside ColdMail ({ex.GetType().Name}); it is retried.");
            return [.. group.Recipients.Select(_ => failure)];
        }
    }

    private async Task<IReadOnlyList<AttemptResult>> AttemptAsync(
        MessageInfo info,
        byte[]? content,
        RecipientGroup group,
        bool unsubscribe,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<AttemptResult> All(AttemptResult result) => [.. group.Recipients.Select(_ => result)];

        if (info.Hold is { } hold)
        {
            // A pause stops sending at once, queued mail included; it waits on the retry schedule.
            return All(new AttemptResult(DeliveryStage.Local, null, null, hold));
        }
        if (content is null)
        {
            return All(new AttemptResult(DeliveryStage.Local, null, null,
                "The message body is missing from storage or damaged; delivery waits in case it is restored."));
        }
        var link = unsubscribe && unsubscribeLinks.Enabled && group.Recipients.Count == 1
            ? unsubscribeLinks.Create(info.Id, group.Recipients[0].Id)
            : null;
        if (OutgoingMessage.ForWire(content, info.SenderDomain, info.Id, time.GetUtcNow(), link) is not { } wire)
        {
            return All(AttemptResult.FromReply(DeliveryStage.Local, 554,
                "5.6.0 The stored message cannot be parsed as RFC 5322 and cannot be signed."));
        }
        if (await signer.SignAsync(wire, info.DomainId, info.SenderDomain, info.Id, cancellationToken)
            is not { } signed)
        {
            return All(new AttemptResult(DeliveryStage.Local, null, null,
                $"Not sent: {info.SenderDomain} has no active DKIM key, and mail is never sent unsigned."));
        }

        var route = await RouteAsync(group.Domain, cancellationToken);
        if (route.Failure is { } failure)
        {
            return All(failure);
        }
        // Limitation: one envelope sender per transaction, so the token names the group's first recipient;
        // a bounce for another recipient of the same transaction is told apart by the address it names.
        var mailFrom = returnPath.Create(info.Id, group.Recipients[0].Id, info.SenderDomain);
        return await transport.SendAsync(route.Hosts, signed.Signatures, signed.Message, mailFrom,
            [.. group.Recipients.Select(r => r.Address)], cancellationToken);
    }

    private async Task<(IReadOnlyList<RouteHost> Hosts, AttemptResult? Failure)> RouteAsync(
        string domain,
        CancellationToken cancellationToken)
    {
        var smarthost = _options.Smarthost;
        if (smarthost.Enabled)
        {
            var security = smarthost.Tls switch
            {
                SmarthostTls.Implicit => RelaySecurity.Implicit,
                SmarthostTls.None => RelaySecurity.None,
                _ => RelaySecurity.StartTls,
            };
            var credentials = string.IsNullOrEmpty(smarthost.UserName)
                ? null
                : new NetworkCredential(smarthost.UserName, smarthost.Password);
            return ([new RouteHost(smarthost.Host!, smarthost.Port, security, credentials)], null);
        }

        var lookup = await resolver.ResolveAsync(domain, cancellationToken);
        return lookup switch
        {
            MxLookup.Hosts hosts => ([.. hosts.List.Select(h =>
                new RouteHost(h.Name, _options.RemotePort, RelaySecurity.StartTlsWhenAvailable))], null),
            // RFC 7505 §4.2: mail to a null MX domain fails at once with 556 and 5.1.10.
            MxLookup.NullMx => ([], AttemptResult.FromReply(DeliveryStage.Routing, 556,
                $"5.1.10 {domain} accepts no mail: it publishes a null MX (RFC 7505).")),
            MxLookup.NoMailDomain none => ([], AttemptResult.FromReply(DeliveryStage.Routing, 550,
                "5.1.2 " + none.Detail)),
            MxLookup.TemporaryFailure temporary => ([], AttemptResult.FromReply(DeliveryStage.Routing, 451,
                "4.4.3 " + temporary.Detail)),
            _ => throw new InvalidOperationException($"Unknown lookup result {lookup}."),
        };
    }

    private async Task<(MessageInfo Info, byte[]? Content, bool Unsubscribe)?> LoadAsync(
        Guid messageId,
        CancellationToken cancellationToken)
    {
        var held = bodies.Find(messageId);
        var message = await database.Statements.RunAsync(
            (connection, token) => ReadStoredAsync(connection, messageId, held is null, token), cancellationToken);
        if (message is null)
        {
            return null;
        }
        // The sender's domain is the mailbox's; the domain row only spells it canonically.
        var name = message.DomainName
            ?? message.MailFrom[(message.MailFrom.LastIndexOf('@') + 1)..].ToLowerInvariant();
        var hold = message.DomainPaused
            ? $"Not sent: the domain {name} is paused; queued mail waits until it is resumed."
            : message.MailboxPaused
                ? $"Not sent: the mailbox {message.MailFrom} is paused; queued mail waits until it is resumed."
                : null;
        var info = new MessageInfo(message.Id, message.WorkspaceId, message.DomainId, name, message.MailFrom,
            message.ReceivedAt, hold);
        var content = held ?? message.Content;
        if (content is null && message.Body is { } location && database.Bodies is { } files)
        {
            content = await files.ReadAsync(location, cancellationToken);
            if (content is null)
            {
                LogBodyUnreadable(logger, message.Id, location.Segment);
            }
        }
        return (info, content, message.Unsubscribe);
    }

    private static async Task<StoredMessage?> ReadStoredAsync(
        StatementConnection connection,
        Guid messageId,
        bool withBody,
        CancellationToken cancellationToken)
    {
        var command = connection.Command(withBody ? LoadSql : LoadWithoutBodySql, null, messageId);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            return new StoredMessage(
                reader.GetGuid(0),
                reader.GetGuid(1),
                reader.GetGuid(2),
                reader.GetString(3),
                connection.ReadTime(reader, 4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<byte[]>(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                !reader.IsDBNull(7),
                !reader.IsDBNull(8) && reader.GetBoolean(8),
                !reader.IsDBNull(9),
                reader.IsDBNull(10)
                    ? null
                    : new BodyLocation(reader.GetInt64(10), reader.GetInt64(11), checked((int)reader.GetInt64(12)),
                        reader.GetInt64(13)));
        }
        finally
        {
            connection.Release(command);
        }
    }

    private sealed record StoredMessage(
        Guid Id,
        Guid WorkspaceId,
        Guid DomainId,
        string MailFrom,
        DateTimeOffset ReceivedAt,
        byte[]? Content,
        string? DomainName,
        bool DomainPaused,
        bool Unsubscribe,
        bool MailboxPaused,
        BodyLocation? Body);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Delivery of message {MessageId} failed")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, Guid messageId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error,
        Message = "The body of message {MessageId} is missing from body file segment {Segment} or does not match "
            + "its checksum; its recipients wait")]
    private static partial void LogBodyUnreadable(ILogger logger, Guid messageId, long segment);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error,
        Message = "Message {MessageId} has recipients in the queue but no stored message; they are put back.")]
    private static partial void LogMessageMissing(ILogger logger, Guid messageId);
}
