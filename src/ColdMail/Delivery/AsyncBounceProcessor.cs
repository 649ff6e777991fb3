using ColdMail.Domains;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ColdMail.Delivery;

/// <summary>
/// Records the bounces reported after a server first accepted a message: a delivery status notification
/// (RFC 3464) sent to one of our return paths. Only a return path whose tag verifies is believed, and only
/// a recipient already Delivered can turn Bounced, so a forged report cannot touch anyone's list.
/// </summary>
internal sealed partial class AsyncBounceProcessor(
    ColdMailDatabase database,
    ReturnPath returnPath,
    AutoPause autoPause,
    TimeProvider time,
    ILogger<AsyncBounceProcessor> logger)
{
    /// <summary>Whether a RCPT address is one of our return paths; anything else is refused at RCPT.</summary>
    public bool IsReturnPath(string address) => returnPath.TryRead(address, out _, out _);

    /// <summary>
    /// Reads a report sent to <paramref name="address"/>: whether it was one at all, and how many
    /// recipients it bounced.
    /// </summary>
    public async Task<BounceReportResult> ProcessAsync(
        string address,
        ReadOnlyMemory<byte> content,
        CancellationToken cancellationToken)
    {
        if (!returnPath.TryRead(address, out var messageId, out var tokenRecipientId))
        {
            return BounceReportResult.NotReport;
        }
        var reports = await ReadReportsAsync(content, cancellationToken);
        if (reports is null)
        {
            // Auto-replies and other mail to the return path carry no delivery status.
            return BounceReportResult.NotReport;
        }
        if (reports.Count == 0)
        {
            // A report of delay or success (RFC 3464 §2.3.3): nothing to record.
            return new BounceReportResult(IsReport: true, Bounced: 0);
        }

        await using var db = database.CreateContext();
        var message = await db.Messages.AsNoTracking()
            .Where(m => m.Id == messageId)
            .Join(db.Domains, m => m.DomainId, d => d.Id, (m, d) => new MessageInfo(
                m.Id, m.WorkspaceId, m.DomainId, d.Name, m.MailFrom, m.ReceivedAt, null))
            .FirstOrDefaultAsync(cancellationToken);
        if (message is null)
        {
            return new BounceReportResult(IsReport: true, Bounced: 0);
        }
        var recipients = await db.MessageRecipients.AsNoTracking()
            .Where(r => r.MessageId == messageId && r.State == RecipientState.Delivered)
            .ToListAsync(cancellationToken);

        var now = time.GetUtcNow();
        var bounced = 0;
        foreach (var report in reports)
        {
            // A report that names nobody we know is about the recipient the token names, if it is alone.
            var recipient = recipients.FirstOrDefault(r => r.Address.Equals(report.Recipient,
                StringComparison.OrdinalIgnoreCase)) ?? (reports.Count == 1 && report.Recipient is null
                    ? recipients.FirstOrDefault(r => r.Id == tokenRecipientId)
                    : null);
            if (recipient is null)
            {
                continue;
            }
            var outcome = new Bounced(report.Result, BounceClassifier.Classify(report.Result));
            var updated = await db.MessageRecipients
                .Where(r => r.Id == recipient.Id && r.State == RecipientState.Delivered)
                .ExecuteUpdateAsync(set =>
                {
                    set.SetProperty(r => r.State, RecipientState.Bounced);
                    set.SetProperty(r => r.BounceClass, outcome.Class.ToString().ToLowerInvariant());
                    set.SetProperty(r => r.LastCode, report.Result.Code);
                    set.SetProperty(r => r.LastEnhancedCode, report.Result.EnhancedCode);
                    set.SetProperty(r => r.LastText, report.Result.Text);
                    set.SetProperty(r => r.UpdatedAt, now);
                }, cancellationToken);
            if (updated == 0)
            {
                continue;
            }
            bounced++;
            recipients.Remove(recipient);
            db.EmailLog.Add(DeliveryRecords.Entry(message, recipient.Address, outcome, outcome.Event, now));
            if (outcome.Class == BounceClass.Recipient)
            {
                await DeliveryRecords.SuppressAsync(
                    db, message, recipient.Address, outcome, now, cancellationToken);
            }
            LogBounced(logger, message.Id, recipient.Address, report.Result.EnhancedCode);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (bounced > 0)
        {
            // A bounce reported later counts towards the domain's bounce rate like one seen at delivery.
            await autoPause.CheckAfterBounceAsync(message.DomainId, cancellationToken);
        }
        return new BounceReportResult(IsReport: true, bounced);
    }

    /// <summary>
    /// The permanent failures a report lists, one per recipient (RFC 3464 §2.3); null when the message
    /// has no delivery-status part at all.
    /// </summary>
    private static async Task<List<Report>?> ReadReportsAsync(ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        MimeMessage message;
        try
        {
            message = await MimeMessage.LoadAsync(new MemoryStream(content.ToArray(), writable: false), ct);
        }
        catch (FormatException)
        {
            return null;
        }
        var status = message.BodyParts.OfType<MessageDeliveryStatus>().FirstOrDefault();
        if (status is null)
        {
            return null;
        }
        var reports = new List<Report>();
        // The first group is about the message; each later one about one recipient (RFC 3464 §2.1).
        foreach (var fields in status.StatusGroups.Skip(1))
        {
            var action = fields["Action"]?.Trim();
            var code = fields["Status"]?.Trim();
            // Only "failed" is final (RFC 3464 §2.3.3), and its status must be a 5.x.x code (§2.3.4).
            if (!string.Equals(action, "failed", StringComparison.OrdinalIgnoreCase)
                || code is null || !SmtpReplyText.IsEnhancedCode(code) || code[0] != '5')
            {
                continue;
            }
            var diagnostic = AfterType(fields["Diagnostic-Code"]);
            // Diagnostic-Code: smtp; 550 5.1.1 … (RFC 3464 §2.3.6); without a usable code, 550 stands in.
            var basic = diagnostic is { Length: >= 3 } && int.TryParse(diagnostic[..3], out var parsed)
                && parsed is >= 500 and < 600 ? parsed : 550;
            var text = diagnostic is null
                ? "Reported as failed after delivery."
                : SmtpReplyText.Split(basic, diagnostic.StartsWith($"{basic}") ? diagnostic[3..] : diagnostic).Text;
            var result = new AttemptResult(DeliveryStage.Data, basic, code, "Bounced after delivery: " + text,
                AfterType(fields["Remote-MTA"]));
            reports.Add(new Report(AfterType(fields["Final-Recipient"] ?? fields["Original-Recipient"]), result));
        }
        return reports;
    }

    /// <summary>The value of a typed field (<c>rfc822; a@b</c>, <c>smtp; 550 …</c>) without its type.</summary>
    private static string? AfterType(string? value)
    {
        var semicolon = value?.IndexOf(';') ?? -1;
        return semicolon < 0 ? null : value![(semicolon + 1)..].Trim();
    }

    private sealed record Report(string? Recipient, AttemptResult Result);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Information,
        Message = "Message {MessageId} to {Recipient} bounced after delivery ({EnhancedCode})")]
    private static partial void LogBounced(ILogger logger, Guid messageId, string recipient, string? enhancedCode);
}
